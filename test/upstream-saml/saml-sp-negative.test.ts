/**
 * stack-and-security.md §5.2 SP-01…SP-30: each hostile or broken response is refused with an error id,
 * and nothing is half-written: no SSO session, the browser's flow stays live (not consumed), and the
 * replay cache is untouched. Each case names its fixture: committed templates for the DOCTYPE and
 * two-root cases (test/fixtures/upstream-saml/sp-NN.*.xml, `{{RESPONSE}}` = the IdP's signed Response),
 * and responses generated at test time with ephemeral keys (written to …/generated/ for inspection).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { ALG, NS, STATUS } from '../../src/protocols/saml/namespaces.ts';
import { testKey } from '../../src/protocols/saml/test-kit.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { adfsStudent, type SamlSpWorld, startSamlSpWorld } from './support/saml-sp-setup.ts';
import type { NextResponse } from './support/school-idp.ts';
import { EVIL_NAME, edit, signatureOf, XSW } from './support/xsw.ts';

// Wrapped responses carry EVIL_NAME where a naive SP would read it; none may reach a service.
void EVIL_NAME;

const FIXTURES = new URL('../fixtures/upstream-saml/', import.meta.url);
const GENERATED = new URL('generated/', FIXTURES);
mkdirSync(GENERATED, { recursive: true });

const template = (name: string) => (xml: string) =>
  readFileSync(new URL(name, FIXTURES), 'utf8').replace('{{RESPONSE}}', xml.replace(/^<\?xml[^>]*>\s*/, ''));

const A = 'SignedKoulu'; // Google-shaped: signed assertion, no encryption
const ENC = 'AdfsKoulu'; // ADFS-shaped: signed request, encrypted assertion, signed response
const B = 'ToinenKoulu'; // a second school (cross-integration cases)

const { REQUEST_INVALID: INVALID, SIGNATURE_INVALID: SIG, SIGNATURE_REQUIRED: UNSIGNED } = ErrorCodes;

describe('SAML SP negative suite SP-01…SP-30 (stack-and-security.md §5.2)', () => {
  let w: SamlSpWorld;
  beforeAll(async () => {
    w = await startSamlSpWorld([
      { id: '4000201', flowName: A, type: 'google', shape: 'google' },
      { id: '4000202', flowName: ENC, type: 'adfs', shape: 'adfs' },
      { id: '4000203', flowName: B, type: 'saml', shape: 'google', idp: { keyLabel: 'school-idp-b' } },
    ]);
    for (const [flow, n] of [
      [A, 1],
      [ENC, 2],
      [B, 3],
    ] as const)
      w.idp(flow).user = { nameId: `user-${n}`, attributes: adfsStudent(n) };
  });
  afterAll(() => w?.close());

  /** Starts a login, lets the IdP answer with `next`, posts it (optionally changed) and expects a refusal. */
  async function expectRefused(
    fixture: string,
    codes: readonly string[],
    next: NextResponse,
    options: {
      flow?: string;
      post?: (form: { action: string; fields: Record<string, string> }) => {
        action: string;
        fields: Record<string, string>;
      };
    } = {},
  ) {
    const flow = options.flow ?? A;
    const before = await w.counts();
    const idp = w.idp(flow);
    let sent = '';
    const mutate = next.mutate;
    idp.next = {
      ...next,
      mutate: (xml) => {
        sent = mutate ? mutate(xml) : xml;
        return sent;
      },
    };
    const { browser, idpPage } = await w.startLogin(flow);
    expect(idpPage.status, idpPage.body).toBe(200);
    writeFileSync(new URL(fixture, GENERATED), sent);
    const parsed = parseForms(idpPage.body)[0];
    if (!parsed) throw new Error('no form from the IdP');
    const form = options.post ? options.post(parsed) : parsed;
    const res = await browser.post(new URL(form.action, idpPage.url).toString(), form.fields);
    expect(res.status, `${fixture}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(codes, `${fixture}: got ${res.headers.get('x-passi-error-code')}`).toContain(
      res.headers.get('x-passi-error-code'),
    );
    expect(res.body).toMatch(/class="error-id">[0-9a-f-]{36}</);
    expect(browser.cookie(new URL(w.t.baseUrl).host, '__Host-passi_session')).toBeUndefined();
    const after = await w.counts();
    expect(after.replay, `${fixture}: replay cache touched`).toBe(before.replay);
    expect(after.sessions, `${fixture}: session written`).toBe(before.sessions);
    expect(after.liveFlows, `${fixture}: flow consumed`).toBe(before.liveFlows + 1);
    return { browser, res };
  }

  it('SP-01 unsigned Response and Assertion', () =>
    expectRefused('sp-01.unsigned.xml', [UNSIGNED], { signAssertion: false, signResponse: false }));

  it('SP-02 Signature removed from a signed assertion (signature exclusion)', () =>
    expectRefused('sp-02.signature-removed.xml', [UNSIGNED], {
      mutate: (xml) => edit(xml, ({ assertion }) => assertion.removeChild(signatureOf(assertion))),
    }));

  it('SP-03 valid signature by an untrusted key carried in KeyInfo', () =>
    expectRefused('sp-03.untrusted-keyinfo.xml', [SIG], { signingKey: testKey('attacker').credential }));

  for (const [id, variant, signResponse] of [
    ['04', 'xsw1', true],
    ['05', 'xsw2', true],
    ['06', 'xsw3', false],
    ['07', 'xsw4', false],
    ['08', 'xsw5', false],
    ['09', 'xsw6', false],
    ['10', 'xsw7', false],
    ['11', 'xsw8', false],
  ] as const) {
    it(`SP-${id} ${variant.toUpperCase()} signature wrapping`, () =>
      expectRefused(`sp-${id}.${variant}.xml`, [INVALID, SIG], { signResponse, mutate: XSW[variant] }));
  }

  it('SP-12 XSW10 / CVE-2025-23369: signature moved to the Response around ds:Object, DOCTYPE entities', () =>
    expectRefused('sp-12.xsw10-doctype-entities.xml', [INVALID], {
      mutate: (xml) =>
        template('sp-12.xsw10-doctype-entities.xml')(
          edit(xml, ({ doc, response, assertion }) => {
            const sig = signatureOf(assertion);
            const object = doc.createElementNS(NS.ds, 'ds:Object');
            object.appendChild(assertion.cloneNode(true));
            sig.appendChild(object);
            response.insertBefore(sig, response.firstChild?.nextSibling ?? null);
            assertion.setAttribute('ID', '_evilassertion');
          }),
        ),
    }));

  it('SP-13 CVE-2025-25292: DOCTYPE ATTLIST namespace trick plus a Signature in StatusDetail', () =>
    expectRefused('sp-13.doctype-attlist-namespace.xml', [INVALID], {
      mutate: (xml) =>
        template('sp-13.doctype-attlist-namespace.xml')(
          edit(xml, ({ doc, response, assertion }) => {
            const status = response.getElementsByTagNameNS(NS.samlp, 'Status').item(0);
            const detail = doc.createElementNS(NS.samlp, 'samlp:StatusDetail');
            detail.appendChild(signatureOf(assertion).cloneNode(true));
            status?.appendChild(detail);
          }),
        ),
    }));

  it('SP-13b a Signature in StatusDetail (without DOCTYPE) is refused too', () =>
    expectRefused('sp-13.statusdetail-signature.xml', [SIG, INVALID], {
      mutate: (xml) =>
        edit(xml, ({ doc, response, assertion }) => {
          const status = response.getElementsByTagNameNS(NS.samlp, 'Status').item(0);
          const detail = doc.createElementNS(NS.samlp, 'samlp:StatusDetail');
          detail.appendChild(signatureOf(assertion).cloneNode(true));
          status?.appendChild(detail);
        }),
    }));

  it('SP-14 comment injection in a signed attribute: the full signed text is read, never a truncation', async () => {
    const idp = w.idp(A);
    idp.next = { mutate: (xml) => xml.replace('>Testi1<', '>Tes<!---->ti1<') };
    const { browser, idpPage } = await w.startLogin(A);
    expect(idpPage.body).toContain('SAMLResponse');
    const result = await browser.submitForm(await browser.submitForm(idpPage));
    expect(result.body).toContain('Testi1');
    writeFileSync(new URL('sp-14.comment-injection.xml', GENERATED), 'accepted with the full value Testi1');
  });

  it('SP-15 a comment inside DigestValue (CVE-2025-29775)', () =>
    expectRefused('sp-15.digestvalue-comment.xml', [SIG], {
      mutate: (xml) => xml.replace(/(<ds:DigestValue>)([^<]{4})/, '$1$2<!-- x -->'),
    }));

  it('SP-15 two References in SignedInfo (CVE-2025-29774)', () =>
    expectRefused('sp-15.two-references.xml', [SIG], {
      mutate: (xml) => xml.replace(/(<ds:Reference [\s\S]*?<\/ds:Reference>)/, '$1$1'),
    }));

  it('SP-16 two root elements', () =>
    expectRefused('sp-16.two-roots.xml', [INVALID], { mutate: template('sp-16.two-roots.xml') }));
  it('SP-16 text after the root element', () =>
    expectRefused('sp-16.trailing-text.xml', [INVALID], { mutate: template('sp-16.trailing-text.xml') }));

  for (const name of ['sp-17.xxe-file.xml', 'sp-17.billion-laughs.xml', 'sp-17.external-dtd.xml']) {
    it(`SP-17 ${name}`, () => expectRefused(name, [INVALID], { mutate: template(name) }));
  }
  it('SP-17 XInclude', () =>
    expectRefused('sp-17.xinclude.xml', [INVALID], {
      mutate: (xml) =>
        edit(xml, ({ doc, response }) => {
          const inc = doc.createElementNS('http://www.w3.org/2001/XInclude', 'xi:include');
          inc.setAttribute('href', 'file:///etc/passwd');
          response.appendChild(inc);
        }),
    }));

  it('SP-18 HMAC-SHA1 SignatureMethod (public key as the secret)', () =>
    expectRefused('sp-18.hmac-sha1.xml', [SIG], {
      mutate: (xml) => xml.replace(ALG.rsaSha256, 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'),
    }));

  it('SP-18 a valid RSA-SHA1 signature', () =>
    expectRefused('sp-18.rsa-sha1.xml', [SIG], {
      signAssertion: false,
      mutate: (xml) =>
        signSha1(
          xml,
          w.idp(A).credential.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          w.idp(A).credential.certificatePem,
        ),
    }));

  it('SP-19 wrong Audience', () =>
    expectRefused('sp-19.wrong-audience.xml', [INVALID], {
      assertion: { audience: 'https://other.example/sp' },
    }));

  it('SP-19 no AudienceRestriction', () =>
    expectRefused('sp-19.no-audience-restriction.xml', [INVALID], {
      editAssertion: (assertion) => {
        const r = assertion.getElementsByTagNameNS(NS.saml, 'AudienceRestriction').item(0);
        r?.parentNode?.removeChild(r);
      },
    }));

  it('SP-20 wrong Destination', () =>
    expectRefused('sp-20.wrong-destination.xml', [INVALID], {
      mutate: (xml) => xml.replace(/Destination="[^"]*"/, 'Destination="https://other.example/acs"'),
    }));

  it('SP-20 wrong Recipient (accepted by plain node-saml)', () =>
    expectRefused('sp-20.wrong-recipient.xml', [INVALID], {
      assertion: { recipient: `${w.t.baseUrl}/sp/${B}/acs` },
    }));

  it('SP-21 expired NotOnOrAfter', () =>
    expectRefused('sp-21.expired.xml', [INVALID], {
      assertion: { now: new Date(Date.now() - 3_600_000), authnInstant: new Date(Date.now() - 3_600_000) },
    }));

  it('SP-21 NotBefore in the future beyond the skew', () =>
    expectRefused('sp-21.future-notbefore.xml', [INVALID], {
      editAssertion: (assertion) =>
        assertion
          .getElementsByTagNameNS(NS.saml, 'Conditions')
          .item(0)
          ?.setAttribute('NotBefore', new Date(Date.now() + 3_600_000).toISOString()),
    }));

  it('SP-21 old IssueInstant with a still-valid NotOnOrAfter', () =>
    expectRefused('sp-21.old-issueinstant.xml', [INVALID], {
      editAssertion: (assertion) =>
        assertion.setAttribute('IssueInstant', new Date(Date.now() - 30 * 60_000).toISOString()),
    }));

  it('SP-23 unknown InResponseTo', () =>
    expectRefused('sp-23.unknown-inresponseto.xml', [INVALID], {
      inResponseTo: '_0123456789abcdef0123456789abcdef',
    }));

  it('SP-23 missing InResponseTo (unsolicited, IdP-initiated)', () =>
    expectRefused('sp-23.unsolicited.xml', [INVALID], { inResponseTo: null }));

  it('SP-23 unsolicited POST without any login in this browser', async () => {
    const idp = w.idp(A);
    const xml = await idp.buildResponse({ id: '_nosuchrequest', acs: `${w.t.baseUrl}/sp/${A}/acs` });
    writeFileSync(new URL('sp-23.no-flow.xml', GENERATED), xml);
    const res = await new BrowserlessClient().post(`${w.t.baseUrl}/sp/${A}/acs`, {
      SAMLResponse: Buffer.from(xml).toString('base64'),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-passi-error-code')).toBe(ErrorCodes.FLOW_MISSING);
  });

  it('SP-23 cross-session: another browser’s response', async () => {
    const first = await w.startLogin(A);
    const form = parseForms(first.idpPage.body)[0];
    if (!form) throw new Error('no form');
    await expectRefused('sp-23.cross-session.xml', [INVALID], {}, { post: () => form });
  });

  it('SP-24 a response from school A at school B’s ACS (flow started at A)', () =>
    expectRefused(
      'sp-24.a-at-b-endpoint.xml',
      [ErrorCodes.FLOW_STATE_INVALID],
      {},
      {
        post: (form) => ({ ...form, action: `${w.t.baseUrl}/sp/${B}/acs` }),
      },
    ));

  it('SP-24 IdP A’s signed response for a login started at B, posted to B', async () => {
    const before = await w.counts();
    const { browser } = await w.startLogin(B);
    const seen = w.idp(B).lastRequest;
    if (!seen) throw new Error('no request at B');
    const xml = await w.idp(A).buildResponse({ id: seen.id, acs: seen.acs });
    writeFileSync(new URL('sp-24.issuer-a-at-b.xml', GENERATED), xml);
    const res = await browser.post(seen.acs, { SAMLResponse: Buffer.from(xml).toString('base64') });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-passi-error-code')).toBe(INVALID);
    expect((await w.counts()).replay).toBe(before.replay);
  });

  it('SP-24 B’s issuer signed with A’s key', () =>
    expectRefused('sp-24.b-issuer-a-key.xml', [SIG], { signingKey: w.idp(A).credential }, { flow: B }));

  it('SP-25 StatusCode ≠ Success with an assertion present', () =>
    expectRefused('sp-25.error-status-with-assertion.xml', [INVALID], {
      mutate: (xml) => xml.replace(`Value="${STATUS.success}"`, `Value="${STATUS.responder}"`),
    }));

  it('SP-26 EncryptedAssertion with rsa-1_5 key transport', () =>
    expectRefused(
      'sp-26.rsa-1_5.xml',
      [INVALID],
      { keyTransport: 'http://www.w3.org/2001/04/xmlenc#rsa-1_5', encryption: 'gcm' },
      { flow: ENC },
    ));

  it('SP-26 AES-CBC without a signed Response', () =>
    expectRefused(
      'sp-26.cbc-unsigned-response.xml',
      [INVALID],
      { encryption: 'cbc', signResponse: false },
      { flow: ENC },
    ));

  it('SP-26 a decrypted assertion wrapping a second assertion (Advice)', () =>
    expectRefused(
      'sp-26.wrapped-in-encrypted.xml',
      [INVALID],
      {
        encryption: 'gcm',
        editAssertion: (assertion) => {
          const doc = assertion.ownerDocument;
          if (!doc) return;
          const advice = doc.createElementNS(NS.saml, 'saml:Advice');
          const inner = assertion.cloneNode(true);
          advice.appendChild(inner);
          const conditions = assertion.getElementsByTagNameNS(NS.saml, 'Conditions').item(0);
          assertion.insertBefore(advice, conditions?.nextSibling ?? null);
          advice.getElementsByTagNameNS(NS.saml, 'Assertion').item(0)?.setAttribute('ID', '_innerassertion');
        },
      },
      { flow: ENC },
    ));

  it('SP-27 oversize POST', () =>
    expectRefused(
      'sp-27.oversize.xml',
      [ErrorCodes.REQUEST_TOO_LARGE],
      {},
      {
        post: (form) => ({ ...form, fields: { ...form.fields, SAMLResponse: 'A'.repeat(300 * 1024) } }),
      },
    ));

  it('SP-27 a deflate bomb over HTTP-Redirect is not even inflated (the ACS takes POST only)', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const bomb = deflateRawSync(Buffer.alloc(2 * 1024 * 1024, 0x41)).toString('base64');
    writeFileSync(new URL('sp-27.deflate-bomb.txt', GENERATED), `${bomb.length} base64 bytes → 2 MiB`);
    const res = await fetch(`${w.t.baseUrl}/sp/${A}/acs?SAMLResponse=${encodeURIComponent(bomb)}`);
    expect(res.status).toBe(404);
  });

  it('SP-28 RelayState https://evil.example is ignored (never a redirect target)', async () => {
    const { browser, idpPage } = await w.startLogin(A);
    const form = parseForms(idpPage.body)[0];
    if (!form) throw new Error('no form');
    const passiPost = await browser.post(form.action, { ...form.fields, RelayState: 'https://evil.example' });
    expect(passiPost.status).toBe(200);
    expect(passiPost.headers.get('location')).toBeNull();
    expect(passiPost.body).not.toContain('evil.example');
    const result = await browser.submitForm(passiPost);
    expect(result.url).toContain('/test-service/saml/acs');
    writeFileSync(new URL('sp-28.relaystate-evil.txt', GENERATED), 'RelayState=https://evil.example ignored');
  });

  it('SP-29 signing certificate removed from the stored metadata → refused (fail closed)', async () => {
    const db = w.t.services.db;
    const saved = await db
      .selectFrom('upstream_metadata')
      .select('signing_certificates')
      .where('integration_id', '=', '4000201')
      .executeTakeFirstOrThrow();
    await sql`UPDATE upstream_metadata SET signing_certificates = '[]'::jsonb WHERE integration_id = '4000201'`.execute(
      db,
    );
    try {
      await expectRefused('sp-29.no-certificate.xml', [SIG], {});
    } finally {
      await db
        .updateTable('upstream_metadata')
        .set({ signing_certificates: JSON.stringify(saved.signing_certificates) })
        .where('integration_id', '=', '4000201')
        .execute();
    }
  });

  it('SP-30 an unknown element in the Response', () =>
    expectRefused('sp-30.unknown-element.xml', [INVALID], {
      mutate: (xml) =>
        edit(xml, ({ doc, response, assertion }) => {
          response.insertBefore(doc.createElementNS('urn:example:evil', 'evil:Thing'), assertion);
        }),
    }));

  it('SP-30 an Assertion inside Extensions', () =>
    expectRefused('sp-30.assertion-in-extensions.xml', [INVALID], { mutate: XSW.xsw7 }));

  describe('SP-22 replay of an accepted response', () => {
    it('same browser, then another browser: refused; the replay cache holds the ids once', async () => {
      const { browser, idpPage } = await w.startLogin(A);
      const form = parseForms(idpPage.body)[0];
      if (!form) throw new Error('no form');
      const before = await w.counts();
      const ok = await browser.post(form.action, form.fields);
      expect(ok.status).toBe(200);
      expect((await w.counts()).replay).toBe(before.replay + 2); // assertion id + request id
      writeFileSync(
        new URL('sp-22.replay.xml', GENERATED),
        Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString(),
      );
      const again = await browser.post(form.action, form.fields);
      expect(again.status).toBe(400);
      expect(again.headers.get('x-passi-error-code')).toBe(ErrorCodes.FLOW_MISSING);
      const other = await w.startLogin(A);
      const res = await other.browser.post(form.action, form.fields);
      expect(res.status).toBe(400);
      expect(res.headers.get('x-passi-error-code')).toBe(INVALID);
    });
  });
});

/** An assertion signed with RSA-SHA1 / SHA-1 digest, validly (xml-crypto's own signer). */
function signSha1(xml: string, privateKeyPem: string, certificatePem: string): string {
  const sig = new SignedXml({
    privateKey: privateKeyPem,
    publicCert: certificatePem,
    signatureAlgorithm: ALG.rsaSha1,
    canonicalizationAlgorithm: ALG.excC14n,
  });
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: [ALG.enveloped, ALG.excC14n],
    digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
  });
  sig.computeSignature(xml, {
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}
