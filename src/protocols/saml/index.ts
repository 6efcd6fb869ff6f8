/**
 * The SAML protocol layer: pure functions, no HTTP and no store. The IdP face composes them:
 *
 *   Redirect SSO: parseRedirectQuery(rawQuery) → [verifyRedirectSignature(query, certs)]
 *                 → decodeRedirectMessage(query.message) → parseAuthnRequest(xml, ctx)
 *   POST SSO:     decodePostMessage(form.SAMLRequest) → hasXmlSignature(xml)
 *                 ? readAuthnRequest(verifyPostSignature(xml, certs), ctx) : parseAuthnRequest(xml, ctx)
 *   Response:     buildResponse(input, credential) | buildErrorResponse(input, credential)
 *   Metadata:     buildIdpMetadata(input, credential)
 */
export {
  type AuthnRequest,
  type AuthnRequestContext,
  parseAuthnRequest,
  readAuthnRequest,
} from './authn-request.ts';
export { type AssertionInput, type SamlAttribute, xmlSafe } from './build-assertion.ts';
export { buildErrorResponse, type ErrorResponseInput } from './build-error-response.ts';
export { buildResponse, buildResponseSync, type ResponseInput } from './build-response.ts';
export { type DecodeLimits, decodePostMessage, decodeRedirectMessage } from './decode-binding.ts';
export { buildIdpMetadata, type IdpMetadataInput } from './idp-metadata.ts';
export {
  type GeneratedKey,
  type GenerateKeyOptions,
  generateKeyAndCertificate,
  type KeyType,
} from './keys.ts';
export { ALG, ATTRNAME_FORMAT_URI, BINDING, NAMEID_FORMAT, NS, STATUS } from './namespaces.ts';
export { DEFAULT_MAX_XML_BYTES, type ParseXmlOptions, parseXml } from './parse-xml.ts';
export { newSamlId, samlInstant } from './saml-ids.ts';
export { loadSigningCredential, type SigningCredential } from './signing-credential.ts';
export { hasXmlSignature, verifyPostSignature } from './verify-post-signature.ts';
export {
  parseRedirectQuery,
  type RedirectQuery,
  verifyRedirectSignature,
} from './verify-redirect-signature.ts';
