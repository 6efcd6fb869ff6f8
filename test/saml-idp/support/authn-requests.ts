/**
 * Hand-built AuthnRequests for cases no SP library produces (attacks, near misses, old or replayed
 * requests), encoded for the HTTP-Redirect binding (DEFLATE, base64, signature over the query octets,
 * SAML Bindings §3.4.4.1) or the HTTP-POST binding (base64, enveloped XML signature).
 */
import { randomBytes, sign } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { ALG, NS } from '../../../src/protocols/saml/namespaces.ts';
import { samlInstant } from '../../../src/protocols/saml/saml-ids.ts';
import { signForTest } from '../../../src/protocols/saml/sign-for-test.test-data.ts';

export interface AuthnRequestOptions {
  issuer: string;
  /** Where the request says it is sent (default the Redirect SSO endpoint of `baseUrl`). */
  destination?: string;
  id?: string;
  issueInstant?: Date;
  acsUrl?: string;
  acsIndex?: number;
  forceAuthn?: boolean;
  isPassive?: boolean;
  nameIdFormat?: string;
  authnContextClassRefs?: string[];
  /** Prepended verbatim before the root element (e.g. a DOCTYPE). */
  prolog?: string;
  /** Extra text inside an Extensions element, to make the request large. */
  padding?: number;
}

export function newRequestId(): string {
  return `_req${randomBytes(16).toString('hex')}`;
}

const attr = (name: string, value: string | number | boolean | undefined) =>
  value === undefined
    ? ''
    : ` ${name}="${String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`;

export function authnRequestXml(o: AuthnRequestOptions): string {
  const extensions = o.padding
    ? `<samlp:Extensions><x:pad xmlns:x="urn:test:pad">${'A'.repeat(o.padding)}</x:pad></samlp:Extensions>`
    : '';
  const nameIdPolicy = o.nameIdFormat
    ? `<samlp:NameIDPolicy${attr('Format', o.nameIdFormat)} AllowCreate="true"/>`
    : '';
  const context = o.authnContextClassRefs
    ? `<samlp:RequestedAuthnContext Comparison="exact">${o.authnContextClassRefs.map((r) => `<saml:AuthnContextClassRef>${r}</saml:AuthnContextClassRef>`).join('')}</samlp:RequestedAuthnContext>`
    : '';
  return (
    `${o.prolog ?? ''}<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}"` +
    `${attr('ID', o.id ?? newRequestId())} Version="2.0"${attr('IssueInstant', samlInstant(o.issueInstant ?? new Date()))}` +
    `${attr('Destination', o.destination)}${attr('AssertionConsumerServiceURL', o.acsUrl)}` +
    `${attr('AssertionConsumerServiceIndex', o.acsIndex)}${attr('ForceAuthn', o.forceAuthn)}${attr('IsPassive', o.isPassive)}>` +
    `<saml:Issuer>${o.issuer}</saml:Issuer>${extensions}${nameIdPolicy}${context}</samlp:AuthnRequest>`
  );
}

export interface SignKey {
  privateKeyPem: string;
  certificatePem: string;
}

/** The HTTP-Redirect query for a SAMLRequest value (already base64), signed with `key` when given. */
export function redirectQueryFor(
  encodedMessage: string,
  o: { key?: SignKey; relayState?: string } = {},
): string {
  let query = `SAMLRequest=${encodeURIComponent(encodedMessage)}`;
  if (o.relayState !== undefined) query += `&RelayState=${encodeURIComponent(o.relayState)}`;
  if (o.key) {
    query += `&SigAlg=${encodeURIComponent(ALG.rsaSha256)}`;
    const signature = sign('sha256', Buffer.from(query, 'utf8'), o.key.privateKeyPem).toString('base64');
    query += `&Signature=${encodeURIComponent(signature)}`;
  }
  return query;
}

/** DEFLATE + base64 (SAML Bindings §3.4.4.1). */
export function deflateBase64(xml: string | Buffer): string {
  return deflateRawSync(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml).toString('base64');
}

/** Full Redirect SSO URL for an AuthnRequest document. */
export function redirectSsoUrl(
  baseUrl: string,
  xml: string,
  o: { key?: SignKey; relayState?: string } = {},
): string {
  return `${baseUrl}/idp/profile/SAML2/Redirect/SSO?${redirectQueryFor(deflateBase64(xml), o)}`;
}

/** HTTP-POST form fields: the request signed (enveloped, root reference, after Issuer) when `key` is given. */
export function postSsoFields(
  xml: string,
  o: { key?: SignKey; relayState?: string } = {},
): Record<string, string> {
  const signed = o.key ? signForTest(xml, o.key) : xml;
  const fields: Record<string, string> = { SAMLRequest: Buffer.from(signed, 'utf8').toString('base64') };
  if (o.relayState !== undefined) fields.RelayState = o.relayState;
  return fields;
}

export function ssoUrls(baseUrl: string) {
  return {
    redirect: `${baseUrl}/idp/profile/SAML2/Redirect/SSO`,
    post: `${baseUrl}/idp/profile/SAML2/POST/SSO`,
  };
}
