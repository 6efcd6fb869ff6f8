/**
 * A school's signed attribute value may hold U+2028 (LINE SEPARATOR) or U+0085 (NEXT LINE): ordinary
 * characters in XML 1.0, line ends only in XML 1.1 (XML 1.1 §2.11). xmlsec1 verifies such a signature, and
 * so must Passi. Also at the ACS: nesting deeper than SAML needs and NUL characters are refused before
 * anything is built or written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForms } from '../support/browserless-client.ts';
import { captureLog } from '../support/log-capture.ts';
import { adfsStudent, type SamlSpWorld, startSamlSpWorld } from './support/saml-sp-setup.ts';
import { samlSentToService } from './support/service-received.ts';

const A = 'SignedKoulu';
const GCM = 'SalattuKoulu';
const CBC = 'AdfsKoulu';
const work = mkdtempSync(join(tmpdir(), 'passi-ls-'));

describe('school responses with XML 1.1 line ends, deep nesting and NUL', () => {
  const { stream: logStream, lines } = captureLog();
  let w: SamlSpWorld;
  beforeAll(async () => {
    w = await startSamlSpWorld(
      [
        { id: '4000211', flowName: A, type: 'google', shape: 'google' },
        // Encrypted assertions: AES-GCM in an unsigned Response, and ADFS's AES-CBC in a signed Response.
        { id: '4000212', flowName: GCM, type: 'saml', shape: 'generic' },
        {
          id: '4000213',
          flowName: CBC,
          type: 'adfs',
          shape: 'adfs',
          settings: { requireSignedResponse: true },
        },
      ],
      { logStream },
    );
  });
  afterAll(() => w?.close());

  /** Lets the IdP answer the next login, returns what it sent and the browser's form toward Passi. */
  async function login(firstName: string, mutate: (xml: string) => string = (x) => x) {
    let sent = '';
    w.idp(A).user = { nameId: 'user-ls', attributes: adfsStudent(7, { firstName: [firstName] }) };
    w.idp(A).next = {
      mutate: (xml) => {
        sent = mutate(xml);
        return sent;
      },
    };
    const { browser, idpPage } = await w.startLogin(A);
    const form = parseForms(idpPage.body)[0];
    if (!form) throw new Error(`no form from the IdP: ${idpPage.body.slice(0, 200)}`);
    return { browser, idpPage, form, sent: () => sent };
  }

  function xmlsec1Verifies(xml: string, flow = A): boolean {
    const file = join(work, `r-${Date.now()}.xml`);
    const cert = join(work, `${flow}.pem`);
    writeFileSync(file, xml);
    writeFileSync(cert, w.idp(flow).credential.certificatePem);
    try {
      execFileSync(
        'xmlsec1',
        [
          '--verify',
          '--pubkey-cert-pem',
          cert,
          '--id-attr:ID',
          'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
          file,
        ],
        { stdio: 'pipe' },
      );
      return true;
    } catch {
      return false;
    }
  }

  for (const [name, char] of [
    ['U+2028', '\u2028'],
    ['U+0085', '\u0085'],
  ] as const) {
    it(`accepts a signed first name containing ${name}, verified by xmlsec1 too`, async () => {
      const firstName = `Anna${char}Maria`;
      // The IdP writes the character itself, as most signers do (not as a character reference).
      const { browser, idpPage, form, sent } = await login(firstName, (xml) =>
        xml.replaceAll(`&#x${char.charCodeAt(0).toString(16)};`, char),
      );
      expect(sent()).toContain(firstName);
      expect(xmlsec1Verifies(sent()), 'xmlsec1 verifies the school’s signature').toBe(true);
      const passiPost = await browser.post(new URL(form.action, idpPage.url).toString(), form.fields);
      const followed = await browser.follow(passiPost);
      expect(followed.status, followed.body.slice(0, 400)).toBe(200);
      // Accepted; what the data model then keeps of a line break inside a name is its own rule.
      expect(samlSentToService(followed).attributes['urn:oid:2.5.4.42']?.[0]).toMatch(/^Anna.?Maria$/su);
    });
  }

  for (const [flow, what] of [
    [GCM, 'AES-GCM, unsigned Response'],
    [CBC, 'AES-CBC inside a signed Response'],
  ] as const) {
    for (const [name, char] of [
      ['U+2028', '\u2028'],
      ['U+0085', '\u0085'],
    ] as const) {
      it(`accepts an encrypted (${what}) signed first name containing ${name}, verified by xmlsec1 too`, async () => {
        const firstName = `Anna${char}Maria`;
        let plaintext = '';
        w.idp(flow).user = { nameId: 'user-ls-enc', attributes: adfsStudent(8, { firstName: [firstName] }) };
        w.idp(flow).next = {
          // The IdP encrypts the signed Assertion with the character itself in it.
          plaintext: (xml) => {
            plaintext = xml.replaceAll(`&#x${char.charCodeAt(0).toString(16)};`, char);
            return plaintext;
          },
        };
        const { browser, idpPage } = await w.startLogin(flow);
        expect(idpPage.status, idpPage.body.slice(0, 300)).toBe(200);
        expect(plaintext).toContain(firstName);
        expect(xmlsec1Verifies(plaintext, flow), 'xmlsec1 verifies the decrypted Assertion').toBe(true);
        const followed = await browser.follow(await browser.submitForm(idpPage));
        expect(followed.status, followed.body.slice(0, 400)).toBe(200);
        expect(samlSentToService(followed).attributes['urn:oid:2.5.4.42']?.[0]).toMatch(/^Anna.?Maria$/su);
      });
    }
  }

  it('refuses a Response nested deeper than SAML needs, before verifying it', async () => {
    const deep = `${'<x:e xmlns:x="urn:x">'.repeat(2000)}${'</x:e>'.repeat(2000)}`;
    const { browser, idpPage, form } = await login('Testi', (xml) =>
      xml.replace(/<([A-Za-z0-9]+):Status([ >])/, `<x:Extensions xmlns:x="urn:x">${deep}</x:Extensions>$&`),
    );
    const before = await w.counts();
    const res = await browser.post(new URL(form.action, idpPage.url).toString(), form.fields);
    expect(res.status).toBe(400);
    expect(res.headers.get('x-passi-error-code')).toBe('PASSI_UPSTREAM_ANSWER_INVALID');
    expect(await w.counts()).toEqual({ ...before });
    expect(lines.some((l) => l.includes('nested deeper than'))).toBe(true);
  });

  it('refuses a NUL in the RelayState at the ACS with 400', async () => {
    const { browser, idpPage, form } = await login('Testi');
    const res = await browser.post(new URL(form.action, idpPage.url).toString(), {
      ...form.fields,
      RelayState: 'a\u0000b',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-passi-error-code')).toBe('PASSI_REQUEST_INVALID');
  });
});
