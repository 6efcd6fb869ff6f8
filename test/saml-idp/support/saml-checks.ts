/**
 * Checks every test in this folder makes on what Passi sends: the auto-POST page (HTTP-POST binding), the
 * Response itself (xmlsec1 --verify and the SAML 2.0 XSDs, decrypting first when encrypted), and error
 * pages (status, error code header, error id, and no form POSTing anything anywhere).
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { expect } from 'vitest';
import { decrypt } from 'xml-encryption';
import { NS } from '../../../src/protocols/saml/namespaces.ts';
import { xmlsecAvailable, xmlsecVerify, xsdValidate } from '../../../src/protocols/saml/test-kit.ts';
import {
  type BrowserlessClient,
  type BrowserResponse,
  parseForms,
} from '../../support/browserless-client.ts';
import type { TestApp } from '../../support/test-app.ts';

export const TEST_DIRECTORY_LOGIN = '/upstream/test-directory/MansikkalaTest/login';

/** Passi's active SAML signing certificate (what services configure from the metadata). */
export function idpCertificate(t: TestApp): string {
  return t.services.keys.samlSigning.certificatePem;
}

export interface AutoPost {
  action: string;
  fields: Record<string, string>;
  /** The decoded SAMLResponse. */
  xml: string;
}

/** The HTTP-POST binding page Passi answers with: one form, id `autopost`, carrying a SAMLResponse. */
export function readAutoPost(page: BrowserResponse): AutoPost {
  expect(page.status, page.body.slice(0, 500)).toBe(200);
  expect(page.body).toContain('id="autopost"');
  const form = parseForms(page.body)[0];
  const encoded = form?.fields.SAMLResponse;
  if (!form || encoded === undefined) throw new Error(`no SAMLResponse form on ${page.url}`);
  return { action: form.action, fields: form.fields, xml: Buffer.from(encoded, 'base64').toString('utf8') };
}

/** The auto-POST page's Response, checked like every Response (xmlsec1, XSD; decrypted first when encrypted). */
export async function readVerifiedAutoPost(
  page: BrowserResponse,
  t: TestApp,
  decryptionKeyPem?: string,
): Promise<AutoPost & { verified: VerifiedResponse }> {
  const post = readAutoPost(page);
  const verified = await verifyPassiResponse(post.xml, { idpCertPem: idpCertificate(t), decryptionKeyPem });
  return { ...post, verified };
}

/** Submits the test directory's login form as `username` (password `<username>pwd`). */
export async function loginAtTestDirectory(
  browser: BrowserlessClient,
  loginPage: BrowserResponse,
  username = 'demo_u0001',
): Promise<BrowserResponse> {
  expect(loginPage.status, `${loginPage.headers.get('x-passi-error-code')} at ${loginPage.url}`).toBe(200);
  expect(new URL(loginPage.url).pathname).toBe(TEST_DIRECTORY_LOGIN);
  return browser.submitForm(loginPage, { username, password: `${username}pwd` });
}

/** Nothing is POSTed anywhere: no auto-POST form and no SAML message in the page. */
export function expectNothingPosted(page: BrowserResponse): void {
  expect(page.body).not.toContain('id="autopost"');
  expect(page.body).not.toContain('SAMLResponse');
  expect(page.body).not.toMatch(/<form\b[^>]*method="post"[^>]*action="https?:/i);
}

/** A Passi error page: HTTP status, error code header, the error id shown to the person; nothing POSTed. */
export function expectErrorPage(page: BrowserResponse, status: number, code: string): string {
  expect(page.status, page.body.slice(0, 300)).toBe(status);
  expect(page.headers.get('x-passi-error-code')).toBe(code);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(page.headers.get('location')).toBeNull();
  const errorId = /class="error-id">([^<]+)</.exec(page.body)?.[1];
  expect(errorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expectNothingPosted(page);
  return errorId ?? '';
}

function child(parent: Element, ns: string, name: string): Element | undefined {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && n.namespaceURI === ns && n.localName === name) return n as Element;
  }
  return undefined;
}

export interface VerifiedResponse {
  /** The assertion as the service sees it (decrypted when it was encrypted); undefined for error Responses. */
  assertionXml: string | undefined;
  statusCodes: string[];
  responseSigned: boolean;
  encrypted: boolean;
}

async function decryptAssertion(xml: string, keyPem: string): Promise<string> {
  const encryptedData = /<xenc:EncryptedData[\s\S]*<\/xenc:EncryptedData>/.exec(xml)?.[0];
  if (!encryptedData) throw new Error('no xenc:EncryptedData in the EncryptedAssertion');
  return new Promise<string>((resolve, reject) =>
    decrypt(encryptedData, { key: keyPem }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

/**
 * Every Response Passi emits validates against the SAML 2.0 XSDs and its signatures
 * verify with `xmlsec1 --verify` trusting only Passi's certificate. Encrypted assertions are decrypted
 * with the service's key, then verified and validated on their own.
 */
export async function verifyPassiResponse(
  xml: string,
  options: { idpCertPem: string; decryptionKeyPem?: string },
): Promise<VerifiedResponse> {
  // CI (which installs xmlsec1) must run the cross-check; a developer machine without it skips it loudly.
  if (process.env.CI)
    expect(xmlsecAvailable, 'xmlsec1 is required by the acceptance (apt-get install -y xmlsec1)').toBe(true);
  const xsd = await xsdValidate(xml, 'protocol');
  expect(xsd.errors, 'Response against the SAML 2.0 protocol XSD').toEqual([]);
  const root = new DOMParser().parseFromString(xml, 'application/xml').documentElement;
  if (!root) throw new Error('empty Response');
  expect(root.namespaceURI).toBe(NS.samlp);
  expect(root.localName).toBe('Response');
  const responseSigned = child(root, NS.ds, 'Signature') !== undefined;
  const statusCodes: string[] = [];
  for (
    let s = child(root, NS.samlp, 'Status'), c = s && child(s, NS.samlp, 'StatusCode');
    c;
    c = child(c, NS.samlp, 'StatusCode')
  ) {
    statusCodes.push(c.getAttribute('Value') ?? '');
  }
  if (responseSigned && xmlsecAvailable) {
    const r = xmlsecVerify(xml, options.idpCertPem, 'Response');
    expect(r.ok, `xmlsec1 --verify Response: ${r.output}`).toBe(true);
  }
  const encrypted = child(root, NS.saml, 'EncryptedAssertion') !== undefined;
  let assertionXml: string | undefined;
  if (encrypted) {
    if (!options.decryptionKeyPem) throw new Error('encrypted assertion but no decryption key given');
    assertionXml = await decryptAssertion(xml, options.decryptionKeyPem);
    const inner = await xsdValidate(assertionXml, 'protocol');
    expect(inner.errors, 'decrypted Assertion against the SAML 2.0 XSD').toEqual([]);
  } else if (child(root, NS.saml, 'Assertion') !== undefined) {
    assertionXml = xml;
  }
  if (assertionXml !== undefined) {
    // The assertion is always signed, encrypted or not.
    expect(assertionXml).toMatch(/<(\w+:)?Assertion\b[\s\S]*<(\w+:)?Signature\b/);
    if (xmlsecAvailable) {
      const r = xmlsecVerify(assertionXml, options.idpCertPem, 'Assertion');
      expect(r.ok, `xmlsec1 --verify Assertion: ${r.output}`).toBe(true);
    }
  }
  if (assertionXml === undefined)
    expect(responseSigned, 'an error Response without an assertion is signed').toBe(true);
  return { assertionXml, statusCodes, responseSigned, encrypted };
}

/** Text content of every element named `localName` (any prefix) in serialized XML. */
export function elementTexts(xml: string, localName: string): string[] {
  return [
    ...xml.matchAll(new RegExp(`<(?:\\w+:)?${localName}\\b[^>]*>([^<]*)</(?:\\w+:)?${localName}>`, 'g')),
  ].map((m) => m[1] ?? '');
}
