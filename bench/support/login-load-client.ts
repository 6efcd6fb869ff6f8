/**
 * The load client of the SAML login benchmark, run as a SECOND PROCESS on loopback: complete SP-initiated
 * logins (Redirect AuthnRequest → test directory form POST → auto-POST Response), each with a fresh
 * cookie jar so no SSO session is reused. Prints one JSON line with the latencies.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

const [baseUrl = '', entityId = '', acs = '', countText = '200', concurrencyText = '4'] =
  process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);

function authnRequestUrl(): string {
  const id = `_${randomBytes(16).toString('hex')}`;
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${baseUrl}/idp/profile/SAML2/Redirect/SSO" ` +
    `AssertionConsumerServiceURL="${acs}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">` +
    `<saml:Issuer>${entityId}</saml:Issuer></samlp:AuthnRequest>`;
  const encoded = encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'));
  return `${baseUrl}/idp/profile/SAML2/Redirect/SSO?SAMLRequest=${encoded}`;
}

function cookiesOf(res: Response, jar: Map<string, string>): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

async function oneLogin(): Promise<number> {
  const started = performance.now();
  const jar = new Map<string, string>();
  const header = () => ({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') });
  const sso = await fetch(authnRequestUrl(), { redirect: 'manual' });
  cookiesOf(sso, jar);
  const ssoBody = await sso.text();
  const location = sso.headers.get('location');
  if (sso.status !== 303 || !location) {
    throw new Error(
      `SSO answered ${sso.status} ${sso.headers.get('x-passi-error-code') ?? ''} ${ssoBody.length}`,
    );
  }
  // The browser's path: the school's login page (its form token), then the form post.
  const page = await fetch(new URL(location, baseUrl), { redirect: 'manual', headers: header() });
  cookiesOf(page, jar);
  const token = /name="form_token" value="([^"]+)"/.exec(await page.text())?.[1];
  if (page.status !== 200 || !token)
    throw new Error(`login page answered ${page.status} without a form token`);
  const form = await fetch(new URL(location, baseUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { ...header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: `username=demo_u0001&password=demo_u0001pwd&form_token=${encodeURIComponent(token)}`,
  });
  const body = await form.text();
  if (form.status !== 200 || !body.includes('name="SAMLResponse"'))
    throw new Error(`login answered ${form.status}`);
  return performance.now() - started;
}

const latencies: number[] = [];
let next = 0;
let failures = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) {
      next++;
      try {
        latencies.push(await oneLogin());
      } catch (e) {
        failures++;
        if (failures < 3) console.error(String(e));
      }
    }
  }),
);
const elapsedMs = performance.now() - t0;
console.log(JSON.stringify({ latencies, failures, elapsedMs }));
