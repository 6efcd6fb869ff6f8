/**
 * @node-saml/node-saml as the service provider: it builds and signs the AuthnRequest (Redirect: signed
 * query; POST: enveloped XML signature, sent uncompressed as SAML Bindings §3.5.4 requires) and validates
 * Passi's Response, InResponseTo included (its own request-id cache). The ACS is never served: the test
 * hands the auto-POST page's SAMLResponse to `validatePostResponseAsync`.
 */
import { type Profile, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { expect } from 'vitest';
import { NAMEID_FORMAT } from '../../../src/protocols/saml/namespaces.ts';
import { type BrowserlessClient, parseForms } from '../../support/browserless-client.ts';
import type { TestApp } from '../../support/test-app.ts';
import { newRequestId, ssoUrls } from './authn-requests.ts';
import {
  type AutoPost,
  elementTexts,
  idpCertificate,
  loginAtTestDirectory,
  readAutoPost,
  type VerifiedResponse,
  verifyPassiResponse,
} from './saml-checks.ts';
import { spAcs, spEntityId, spKeys } from './sp-registry.ts';

export interface NodeSamlSpOptions {
  /** Registry id of the service (entity id and ACS derive from it). */
  id: string;
  binding: 'redirect' | 'post';
  signRequest: boolean;
  wantResponseSigned?: boolean;
  decrypt?: boolean;
  forceAuthn?: boolean;
  passive?: boolean;
  identifierFormat?: string;
  authnContext?: string[];
}

export interface NodeSamlSp {
  saml: SAML;
  /** The id of the next AuthnRequest (node-saml asks `generateUniqueId`). */
  lastRequestId: () => string;
  options: NodeSamlSpOptions;
}

export function nodeSamlSp(t: TestApp, o: NodeSamlSpOptions): NodeSamlSp {
  let lastId = '';
  const urls = ssoUrls(t.baseUrl);
  const saml = new SAML({
    entryPoint: o.binding === 'post' ? urls.post : urls.redirect,
    issuer: spEntityId(o.id),
    callbackUrl: spAcs(o.id),
    audience: spEntityId(o.id),
    idpCert: idpCertificate(t),
    idpIssuer: `${t.baseUrl}/idp/shibboleth`,
    privateKey: o.signRequest ? spKeys.signing.privateKeyPem : undefined,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: o.wantResponseSigned ?? false,
    decryptionPvk: o.decrypt ? spKeys.encryption.privateKeyPem : undefined,
    identifierFormat: o.identifierFormat ?? NAMEID_FORMAT.transient,
    disableRequestedAuthnContext: o.authnContext === undefined,
    authnContext: o.authnContext ?? [],
    forceAuthn: o.forceAuthn ?? false,
    passive: o.passive ?? false,
    // SAML Bindings §3.5.4: HTTP-POST carries the request base64 only (Passi refuses DEFLATE there);
    // node-saml applies this flag to both bindings, and Redirect must DEFLATE (§3.4.4.1).
    skipRequestCompression: o.binding === 'post',
    validateInResponseTo: ValidateInResponseTo.always,
    acceptedClockSkewMs: 5000,
    generateUniqueId: () => {
      lastId = newRequestId();
      return lastId;
    },
  });
  return { saml, lastRequestId: () => lastId, options: o };
}

/** Sends the SP's AuthnRequest through `browser` (Redirect: GET the URL; POST: submit node-saml's form fields). */
export async function sendAuthnRequest(
  t: TestApp,
  browser: BrowserlessClient,
  sp: NodeSamlSp,
  relayState = 'rs-42',
) {
  if (sp.options.binding === 'redirect') {
    return browser.getFollow(await sp.saml.getAuthorizeUrlAsync(relayState, undefined, {}));
  }
  const form = parseForms(await sp.saml.getAuthorizeFormAsync(relayState, undefined, {}))[0];
  if (!form) throw new Error('node-saml built no form');
  expect(form.action).toBe(ssoUrls(t.baseUrl).post);
  // Not DEFLATEd: the field decodes straight to XML.
  expect(Buffer.from(form.fields.SAMLRequest ?? '', 'base64').toString('utf8')).toMatch(
    /^<\?xml|^<samlp:AuthnRequest/,
  );
  return browser.postFollow(form.action, form.fields);
}

export interface NodeSamlLogin {
  post: AutoPost;
  verified: VerifiedResponse;
  profile: Profile;
  requestId: string;
}

/** Receives Passi's answer at the ACS: checks it (xmlsec1, XSD) and lets node-saml validate it. */
export async function receiveAtAcs(
  t: TestApp,
  sp: NodeSamlSp,
  page: Parameters<typeof readAutoPost>[0],
): Promise<NodeSamlLogin> {
  const post = readAutoPost(page);
  expect(post.action).toBe(spAcs(sp.options.id));
  const verified = await verifyPassiResponse(post.xml, {
    idpCertPem: idpCertificate(t),
    decryptionKeyPem: sp.options.decrypt ? spKeys.encryption.privateKeyPem : undefined,
  });
  const { profile } = await sp.saml.validatePostResponseAsync(post.fields);
  if (!profile) throw new Error('node-saml returned no profile');
  return { post, verified, profile, requestId: sp.lastRequestId() };
}

/** A whole SP-initiated login through the test directory as `username`. */
export async function nodeSamlLogin(
  t: TestApp,
  browser: BrowserlessClient,
  sp: NodeSamlSp,
  username = 'demo_u0001',
): Promise<NodeSamlLogin> {
  const loginPage = await sendAuthnRequest(t, browser, sp);
  return receiveAtAcs(t, sp, await loginAtTestDirectory(browser, loginPage, username));
}

/** What every successful login of demo_u0001 through MansikkalaTest carries (docs/data-model.md). */
export function expectMansikkalaLogin(login: NodeSamlLogin, t: TestApp, spId: string): void {
  const { profile, verified, requestId, post } = login;
  expect(verified.statusCodes).toEqual(['urn:oasis:names:tc:SAML:2.0:status:Success']);
  expect(post.fields.RelayState).toBe('rs-42');
  expect(profile.issuer).toBe(`${t.baseUrl}/idp/shibboleth`);
  expect(profile.nameIDFormat).toBe(NAMEID_FORMAT.transient);
  const schoolInfo = profile['urn:mpass.id:schoolInfo'];
  expect([schoolInfo].flat()).toContain('30076;Mansikkalan testi peruskoulu');
  const assertion = verified.assertionXml ?? '';
  expect(elementTexts(assertion, 'AuthnContextClassRef')).toEqual([
    'urn:mpass.id:authnsource:MansikkalaTest',
  ]);
  expect(elementTexts(assertion, 'Audience')).toEqual([spEntityId(spId)]);
  expect(assertion).toContain(`Recipient="${spAcs(spId)}"`);
  expect(assertion).toContain(`InResponseTo="${requestId}"`);
  expect(post.xml).toContain(`InResponseTo="${requestId}"`);
  expect(post.xml).toContain(`Destination="${spAcs(spId)}"`);
}
