/**
 * Passi's SAML SP response pipeline (SAML Profiles 2.0 §4.1.4.3;
 * docs/integrations/saml.md "What Passi requires of a response (security)"). node-saml does the
 * signature verification and extracts the signed Assertion; Passi wraps it with what node-saml lacks:
 *
 *   size + base64 (decodePostMessage) → DOCTYPE/entity refusal + strict parse (parseXml)
 *   → structure, Issuer, Destination, signature shapes, SHA-1/HMAC refusal, encryption algorithms
 *   → [error status → UPSTREAM_CANCELLED / UPSTREAM_FAILED, InResponseTo bound to this flow]
 *   → decrypted Assertion re-checked → node-saml validatePostResponseAsync (trusted certificates only,
 *     InResponseTo = this flow's request) → the verified Assertion re-parsed and checked (Recipient,
 *     InResponseTo, audience, times with the configured skew) → replay cache (assertion id, request id).
 *
 * Every refusal throws before anything is written: the replay cache is touched only for accepted responses.
 */
import type { KeyObject } from 'node:crypto';
import { type CacheProvider, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { ErrorCodes } from '../../core/error-codes.ts';
import { isPassiError, PassiError } from '../../core/errors.ts';
import { decodePostMessage } from '../../protocols/saml/decode-binding.ts';
import { escapeLineEndsInNodeSamlDecryption } from '../../protocols/saml/escape-decrypted-line-ends.ts';
import { escapeXml11LineEnds } from '../../protocols/saml/escape-xml11-line-ends.ts';
import { STATUS } from '../../protocols/saml/namespaces.ts';
import { parseXml } from '../../protocols/saml/parse-xml.ts';
import type { ReplayCache } from '../../store/state/replay-cache.ts';
import { checkDecryptedAssertion, checkResponseStructure, rejected } from './check-response-structure.ts';
import { decryptAssertion } from './decrypt-assertion.ts';
import type { StoredIdpMetadata } from './idp-metadata-store.ts';
import { readVerifiedAssertion, type VerifiedAssertion } from './read-verified-assertion.ts';

export interface VerifyResponseInput {
  /** The SAMLResponse form field (base64). */
  samlResponse: string;
  idp: StoredIdpMetadata;
  sp: { entityId: string; acsUrls: readonly string[] };
  /** The AuthnRequest id stored in this browser's flow, and when it was sent. */
  requestId: string;
  requestIssuedAt: Date;
  policy: {
    requireSignedAssertion: boolean;
    requireSignedResponse: boolean;
    wantEncryptedAssertions: boolean;
  };
  decryptionKeyPem: string;
  /** The same key, parsed once (parsed-private-keys.ts). */
  decryptionKey: KeyObject;
  now: Date;
  skewSeconds: number;
  replay: ReplayCache;
}

/** SAML responses are a few KB; ADFS with many claims stays far below (docs/architecture.md "Surfaces": base64 ≤ 256 KB). */
const LIMITS = { maxEncodedBytes: 256 * 1024, maxDecodedBytes: 192 * 1024 };
const MAX_ASSERTION_AGE_MS = 10 * 60_000;
const REQUEST_TTL_MS = 60 * 60_000;

/**
 * Whatever layer refuses the school's Response (the shared SAML decoding and XML parsing in protocols/saml
 * say REQUEST_INVALID, as they do for a service's request), the person and the logs see one code for it:
 * the school's answer is not valid. Size limits keep their own code; a Response to another login's request
 * is a mismatch, not a malformed answer.
 */
const SCHOOL_ANSWER_CODES: ReadonlySet<string> = new Set([ErrorCodes.REQUEST_INVALID]);

export async function verifySamlResponse(input: VerifyResponseInput): Promise<VerifiedAssertion> {
  try {
    return await verifyResponse(input);
  } catch (e) {
    if (isPassiError(e) && SCHOOL_ANSWER_CODES.has(e.code))
      throw new PassiError(ErrorCodes.UPSTREAM_ANSWER_INVALID, e.message, { cause: e, detail: e.detail });
    throw e;
  }
}

async function verifyResponse(input: VerifyResponseInput): Promise<VerifiedAssertion> {
  const xml = decodePostMessage(input.samlResponse, LIMITS);
  const doc = parseXml(xml, { maxBytes: LIMITS.maxDecodedBytes });
  const root = doc.documentElement;
  if (root === null) throw rejected('no root element');
  const shape = checkResponseStructure(root, { idpEntityId: input.idp.entityId, acsUrls: input.sp.acsUrls });

  // SAML Core §3.2.2: InResponseTo must name the request of this browser's login (SP-23).
  if (shape.inResponseTo === undefined) throw rejected('unsolicited response (no InResponseTo)');
  if (shape.inResponseTo !== input.requestId)
    throw rejected('InResponseTo is not this login’s request', ErrorCodes.UPSTREAM_ANSWER_MISMATCH);

  if (shape.statusCode !== STATUS.success) {
    await claimRequest(input);
    throw statusError(shape.statusCode, shape.subStatusCode);
  }

  // Fail closed without trust anchors (CVE-2026-28323 class; SP-29).
  if (input.idp.signingCertificatesPem.length === 0)
    throw rejected('no trusted signing certificate', ErrorCodes.UPSTREAM_ANSWER_INVALID);
  if (input.policy.wantEncryptedAssertions && shape.encryptedAssertion === undefined)
    throw rejected('the assertion must be encrypted');
  if (input.policy.requireSignedResponse && !shape.responseSigned)
    throw rejected('the Response must be signed', ErrorCodes.UPSTREAM_ANSWER_INVALID);

  const encrypted = shape.encryptedAssertion;
  const checkSigned = (signed: boolean) => {
    if (input.policy.requireSignedAssertion && !signed)
      throw rejected('the Assertion must be signed', ErrorCodes.UPSTREAM_ANSWER_INVALID);
    if (!signed && !shape.responseSigned)
      throw rejected('neither the Response nor the Assertion is signed', ErrorCodes.UPSTREAM_ANSWER_INVALID);
  };
  // The decrypted Assertion gets the same structure and signature-shape checks.
  const decryptAndCheck = async (element: NonNullable<typeof encrypted>) => {
    const plain = await decryptAssertion(
      element.toString(),
      { key: input.decryptionKey, pem: input.decryptionKeyPem },
      shape.cbc,
    );
    const decrypted = parseXml(plain, { maxBytes: LIMITS.maxDecodedBytes }).documentElement;
    if (decrypted === null) throw rejected('EncryptedAssertion is empty');
    return checkDecryptedAssertion(decrypted).signed;
  };
  let assertionSigned = shape.assertionSigned;
  // GCM is authenticated: decrypt and check before verifying. CBC only after node-saml has verified the
  // Response signature over the ciphertext (no padding oracle: CBC is allowed only under a Response signature).
  if (encrypted !== undefined && !shape.cbc) assertionSigned = await decryptAndCheck(encrypted);
  if (encrypted === undefined || !shape.cbc) checkSigned(assertionSigned);
  else assertionSigned = input.policy.requireSignedAssertion;

  const skewMs = input.skewSeconds * 1000;
  const saml = new SAML({
    callbackUrl: input.sp.acsUrls[0] ?? '',
    issuer: input.sp.entityId,
    audience: input.sp.entityId,
    idpIssuer: input.idp.entityId,
    idpCert: input.idp.signingCertificatesPem.map((pem) => pem),
    wantAssertionsSigned: input.policy.requireSignedAssertion || !shape.responseSigned,
    // A signed Response is verified whenever it is relied on: CBC ciphertext, or an unsigned Assertion.
    wantAuthnResponseSigned: input.policy.requireSignedResponse || shape.cbc || !assertionSigned,
    validateInResponseTo: ValidateInResponseTo.always,
    cacheProvider: boundRequest(input.requestId, input.requestIssuedAt),
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    acceptedClockSkewMs: skewMs,
    maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
    decryptionPvk: input.decryptionKeyPem,
    identifierFormat: null,
  });
  let assertionXml: string;
  try {
    // node-saml's xmldom 0.8 would fold U+0085 / U+2028 in signed values into `\n` (escape-xml11-line-ends.ts),
    // in the Response as received and in an Assertion node-saml decrypts (escape-decrypted-line-ends.ts).
    escapeLineEndsInNodeSamlDecryption();
    const { profile } = await saml.validatePostResponseAsync({
      SAMLResponse: Buffer.from(escapeXml11LineEnds(xml), 'utf8').toString('base64'),
    });
    const verifiedXml = profile?.getAssertionXml?.();
    if (verifiedXml === undefined) throw new Error('no assertion');
    assertionXml = verifiedXml;
  } catch (cause) {
    if (isPassiError(cause)) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new PassiError(ErrorCodes.UPSTREAM_ANSWER_INVALID, `SAML response rejected: ${message}`, {
      cause,
      detail: { reason: message },
    });
  }
  if (encrypted !== undefined && shape.cbc) checkSigned(await decryptAndCheck(encrypted));

  const verified = readVerifiedAssertion(assertionXml, {
    idpEntityId: input.idp.entityId,
    spEntityId: input.sp.entityId,
    acsUrls: input.sp.acsUrls,
    requestId: input.requestId,
    now: input.now,
    skewMs,
    maxAgeMs: MAX_ASSERTION_AGE_MS,
  });

  // Replay cache shared by every node (SP-22): the assertion id once per IdP, then the request id once.
  const assertionExpiry = new Date(verified.notOnOrAfter.getTime() + skewMs);
  if (
    !(await input.replay.claim('saml-sp-assertion', `${input.idp.entityId} ${verified.id}`, assertionExpiry))
  )
    throw new PassiError(ErrorCodes.REPLAY, 'SAML response rejected: the assertion was already used', {
      detail: { reason: 'replay' },
    });
  await claimRequest(input);
  return verified;
}

async function claimRequest(input: VerifyResponseInput): Promise<void> {
  const expiry = new Date(input.now.getTime() + REQUEST_TTL_MS);
  if (!(await input.replay.claim('saml-sp-request', input.requestId, expiry)))
    throw new PassiError(ErrorCodes.REPLAY, 'SAML response rejected: the request was already answered', {
      detail: { reason: 'request replay' },
    });
}

/** node-saml's InResponseTo check, bound to the one request id of this browser's flow. */
function boundRequest(requestId: string, issuedAt: Date): CacheProvider {
  return {
    saveAsync: async () => null,
    // node-saml reads the value as the request's creation time.
    getAsync: async (key: string) => (key === requestId ? issuedAt.toISOString() : null),
    removeAsync: async () => null,
  };
}

/**
 * SAML Core §3.2.2.2 status from the school's IdP. The user saying no (RequestDenied, or an AuthnFailed
 * the IdP marks as cancelled) goes back to the service as a cancellation; anything else as a failure.
 * The IdP's StatusMessage is not echoed: raw upstream text never reaches a page.
 */
function statusError(code: string, sub: string | undefined): PassiError {
  const name = (uri: string | undefined) =>
    (uri ?? '').replace(/^urn:oasis:names:tc:SAML:2\.0:status:/, '').slice(0, 64);
  const cancelled =
    sub === STATUS.requestDenied || sub === 'urn:oasis:names:tc:SAML:2.0:status:AuthnCancelled';
  const what = sub === undefined ? name(code) : `${name(code)}/${name(sub)}`;
  return cancelled
    ? new PassiError(ErrorCodes.UPSTREAM_CANCELLED, `the user cancelled the login at the school (${what})`)
    : new PassiError(ErrorCodes.UPSTREAM_FAILED, `the school's sign-in service reported an error (${what})`);
}
