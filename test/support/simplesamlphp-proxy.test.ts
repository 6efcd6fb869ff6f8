import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SimpleSamlPhpProxy,
  simpleSamlPhpMissing,
  startSimpleSamlPhpProxy,
} from '../../bench/support/simplesamlphp-proxy.ts';
import { testKey } from '../../src/protocols/saml/test-kit.ts';
import { type SchoolIdp, startSchoolIdp } from '../upstream-saml/support/school-idp.ts';

/**
 * The broker the proxied-login benchmark compares Passi with (bench/simplesamlphp-proxy.bench.ts) does the
 * work a login needs, so that the comparison is fair to Passi: it signs its request to the school, checks
 * the school's signature, and signs what it sends to the service. Real SimpleSAMLphp from Debian's
 * packages, behind nginx and php-fpm, in front of the tests' school IdP.
 */
const missing = simpleSamlPhpMissing();
if (missing) console.warn(`SimpleSAMLphp ${missing}: the comparison broker's checks SKIPPED`);

const SERVICE = 'https://ssp-bench-sp.example.fi';
const SERVICE_ACS = `${SERVICE}/acs`;

/** One login through SimpleSAMLphp as a browser does it; the broker's last answer. */
async function login(ssp: SimpleSamlPhpProxy): Promise<{ status: number; body: string }> {
  const cookies = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const request =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="_${crypto.randomUUID().replace(/-/g, '')}" Version="2.0" IssueInstant="${new Date().toISOString()}" ` +
    `Destination="${ssp.ssoUrl}" AssertionConsumerServiceURL="${SERVICE_ACS}" ` +
    `ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>${SERVICE}</saml:Issuer></samlp:AuthnRequest>`;
  const start = await fetch(
    `${ssp.ssoUrl}?SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(request)).toString('base64'))}`,
    { redirect: 'manual' },
  );
  remember(start);
  const toSchool = start.headers.get('location');
  expect(start.status, await start.text()).toBe(302);
  const schoolPage = await (await fetch(toSchool ?? '')).text();
  const action = /action="([^"]*)"/.exec(schoolPage)?.[1] ?? '';
  const fields = new URLSearchParams();
  for (const m of schoolPage.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields.set(m[1] ?? '', m[2] ?? '');
  const answer = await fetch(action.replace(/&amp;/g, '&'), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: fields.toString(),
  });
  return { status: answer.status, body: await answer.text() };
}

const samlResponseOf = (page: string) => {
  const value = /name="SAMLResponse" value="([^"]*)"/.exec(page)?.[1];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
};

describe.skipIf(missing !== undefined)('SimpleSAMLphp as the benchmark’s comparison broker', () => {
  let school: SchoolIdp;
  let ssp: SimpleSamlPhpProxy;
  let sspMetadataUrl = '';
  beforeAll(async () => {
    school = await startSchoolIdp({
      shape: 'google',
      keyLabel: 'ssp-school',
      spMetadataUrl: () => sspMetadataUrl,
      user: { nameId: 'ssp-pupil-1', attributes: { mail: ['pupil.one@school.example.fi'] } },
    });
    ssp = await startSimpleSamlPhpProxy({
      school: {
        entityId: school.entityId,
        ssoUrl: school.ssoUrl,
        certificate: school.credential.certificatePem.replace(/-----[^-]+-----|\s/g, ''),
      },
      service: { entityId: SERVICE, acs: SERVICE_ACS },
      keyBits: 2048,
    });
    sspMetadataUrl = ssp.spMetadataUrl;
  });
  afterAll(async () => {
    await ssp?.close();
    await school?.close();
  });

  it('signs its AuthnRequest to the school and sends the school’s attributes on in an assertion it signs', async () => {
    const cpuBefore = ssp.cpuMs();
    const { status, body } = await login(ssp);
    expect(status).toBe(200);
    expect(school.lastRequest?.signed).toBe(true);
    expect(/<form[^>]*action="([^"]*)"/.exec(body)?.[1]).toBe(SERVICE_ACS);
    const response = samlResponseOf(body) ?? '';
    expect(response).toContain('pupil.one@school.example.fi');
    // The assertion is signed, the Response around it is not: as Passi answers a service by default.
    const assertionStart = response.search(/<saml:Assertion[\s>]/);
    expect(assertionStart).toBeGreaterThan(0);
    expect(response.slice(0, assertionStart)).not.toContain('SignatureValue');
    expect(response.slice(assertionStart)).toContain('SignatureValue');
    // Its CPU is read from its processes.
    expect(ssp.cpuMs()).toBeGreaterThan(cpuBefore);
  });

  it('refuses an assertion signed with a key that is not in the school’s metadata', async () => {
    school.next = { signingKey: testKey('ssp-untrusted').credential };
    const { body } = await login(ssp);
    expect(samlResponseOf(body)).toBeUndefined();
  });

  it('refuses an assertion changed after the school signed it', async () => {
    school.next = {
      mutate: (xml) => xml.replace('pupil.one@school.example.fi', 'teacher.two@school.example.fi'),
    };
    const { body } = await login(ssp);
    expect(samlResponseOf(body)).toBeUndefined();
    expect(body).not.toContain('teacher.two@school.example.fi');
  });
});
