/**
 * Passi's SAML SP response pipeline (SAML Profiles 2.0 §4.1.4.3;
 * docs/integrations/saml.md "What Passi requires of a response (security)"), verify-then-read on one
 * parsed document:
 *
 *   size + base64 (decodePostMessage) → DOCTYPE/entity refusal + strict parse (readXml, Passi's own tree)
 *   → structure, Issuer, Destination, signature shapes, SHA-1/HMAC refusal, encryption algorithms
 *   → [error status → UPSTREAM_CANCELLED / UPSTREAM_FAILED, InResponseTo bound to this flow]
 *   → the Response's signature verified (trusted keys of the stored metadata only) → the Assertion
 *     decrypted once and re-checked → the Assertion's signature verified → the verified Assertion read and
 *     checked (Issuer, Recipient, InResponseTo, audience, times with the configured skew) → replay cache
 *     (assertion id, request id).
 *
 * node-saml, samlify and xmlsec1 stay independent judges of the same messages in the tests
 * (test/upstream-saml). Every refusal throws before anything is written: the replay cache is touched only
 * for accepted responses.
 */
import type { KeyObject } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { isPassiError, PassiError } from '../../core/errors.ts';
import { decodePostMessage } from '../../protocols/saml/decode-binding.ts';
import { NS, STATUS } from '../../protocols/saml/namespaces.ts';
import { readXml } from '../../protocols/saml/read-xml.ts';
import { childElement } from '../../protocols/saml/xml-dom.ts';
import type { XmlElementView } from '../../protocols/saml/xml-view.ts';
import type { ReplayCache, ReplayClaim } from '../../store/state/replay-cache.ts';
import { checkDecryptedAssertion, checkResponseStructure, rejected } from './check-response-structure.ts';
import { decryptAssertion } from './decrypt-assertion.ts';
import type { StoredIdpMetadata } from './idp-metadata-store.ts';
import { readVerifiedAssertion, type VerifiedAssertion } from './read-verified-assertion.ts';
import { schoolSignatureProblem } from './verify-school-signature.ts';

/**
 * Replay namespaces of a school's answer. Both are bound to the login's flow: an answer is accepted only
 * against a live flow whose request id it names (docs/performance.md "Short-lived state in memory").
 */
export const SAML_SP_REPLAY_NAMESPACES = {
  assertion: 'saml-sp-assertion',
  request: 'saml-sp-request',
} as const;

export interface VerifyResponseInput {
  /** The SAMLResponse form field (base64). */
  samlResponse: string;
  idp: StoredIdpMetadata;
  sp: { entityId: string; acsUrls: readonly string[] };
  /** The AuthnRequest id stored in this browser's flow, and when it was sent. */
  requestId: string;
  requestIssuedAt: Date;
  /** How long after it was sent a request may be answered: the flow's lifetime (PASSI_FLOW_TTL_SECONDS). */
  requestTtlMs: number;
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
  const doc = readXml(xml, { maxBytes: LIMITS.maxDecodedBytes });
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
  if (input.idp.signingCertificatesPem.length === 0 || input.idp.signingKeys.length === 0)
    throw rejected('no trusted signing certificate', ErrorCodes.UPSTREAM_ANSWER_INVALID);
  if (input.policy.wantEncryptedAssertions && shape.encryptedAssertion === undefined)
    throw rejected('the assertion must be encrypted');
  if (input.policy.requireSignedResponse && !shape.responseSigned)
    throw rejected('the Response must be signed', ErrorCodes.UPSTREAM_ANSWER_INVALID);
  // A request is answered within the flow's lifetime of being sent; later, its id need not be remembered.
  if (input.now.getTime() >= requestRefusedFrom(input)) throw rejected('the request has expired');

  // Every Signature present is verified with the school's keys (at most one per element: structure
  // check). The Response's first: AES-CBC ciphertext is decrypted only under a verified signature (no
  // padding oracle); AES-GCM is authenticated by itself.
  if (shape.responseSigned) verifySignatureOf(root, input.idp.signingKeys);
  let assertion = shape.assertion;
  let assertionSigned = shape.assertionSigned;
  const encrypted = shape.encryptedAssertion;
  if (encrypted !== undefined) {
    const plain = await decryptAssertion(
      encrypted,
      { key: input.decryptionKey, pem: input.decryptionKeyPem },
      shape.cbc,
    );
    const decrypted = readXml(plain, { maxBytes: LIMITS.maxDecodedBytes }).documentElement;
    if (decrypted === null) throw rejected('EncryptedAssertion is empty');
    // The decrypted Assertion gets the same structure and signature-shape checks.
    assertionSigned = checkDecryptedAssertion(decrypted).signed;
    assertion = decrypted;
  }
  if (assertion === undefined) throw rejected('no Assertion');
  if (input.policy.requireSignedAssertion && !assertionSigned)
    throw rejected('the Assertion must be signed', ErrorCodes.UPSTREAM_ANSWER_INVALID);
  if (!assertionSigned && !shape.responseSigned)
    throw rejected('neither the Response nor the Assertion is signed', ErrorCodes.UPSTREAM_ANSWER_INVALID);
  if (assertionSigned) verifySignatureOf(assertion, input.idp.signingKeys);

  // Read from the nodes whose canonical form the verified signature covers (verify-school-signature.ts):
  // the Assertion's own signature, or the Response's around it (its EncryptedAssertion's ciphertext).
  const skewMs = input.skewSeconds * 1000;
  const verified = readVerifiedAssertion(assertion, {
    idpEntityId: input.idp.entityId,
    spEntityId: input.sp.entityId,
    acsUrls: input.sp.acsUrls,
    requestId: input.requestId,
    now: input.now,
    skewMs,
    maxAgeMs: MAX_ASSERTION_AGE_MS,
  });

  // Replay cache shared by every node (SP-22): the assertion id once per IdP and the request id once,
  // claimed together in one statement (one store round trip per login), and neither when either was
  // used. An assertion id already used is reported first, as when the two were claimed one by one.
  // Each id is kept until the answer would be refused anyway (expired, too old, request too old), no longer.
  const replay = await input.replay.claimAll([
    {
      namespace: SAML_SP_REPLAY_NAMESPACES.assertion,
      key: `${input.idp.entityId} ${verified.id}`,
      expiresAt: verified.refusedFrom,
    },
    requestClaim(input),
  ]);
  if (!replay.claimed) {
    if (replay.used[1] === true && replay.used[0] !== true) throw requestReplayed();
    throw new PassiError(ErrorCodes.REPLAY, 'SAML response rejected: the assertion was already used', {
      detail: { reason: 'replay' },
    });
  }
  return verified;
}

function verifySignatureOf(signed: XmlElementView, keys: readonly KeyObject[]): void {
  const signature = childElement(signed, NS.ds, 'Signature');
  const problem =
    signature === null ? 'the Signature is missing' : schoolSignatureProblem(signed, signature, keys);
  if (problem !== undefined) throw rejected(problem, ErrorCodes.UPSTREAM_ANSWER_INVALID);
}

const requestRefusedFrom = (input: VerifyResponseInput) =>
  input.requestIssuedAt.getTime() + input.requestTtlMs;

function requestClaim(input: VerifyResponseInput): ReplayClaim {
  return {
    namespace: SAML_SP_REPLAY_NAMESPACES.request,
    key: input.requestId,
    expiresAt: new Date(requestRefusedFrom(input)),
  };
}

function requestReplayed(): PassiError {
  return new PassiError(ErrorCodes.REPLAY, 'SAML response rejected: the request was already answered', {
    detail: { reason: 'request replay' },
  });
}

async function claimRequest(input: VerifyResponseInput): Promise<void> {
  const { namespace, key, expiresAt } = requestClaim(input);
  if (!(await input.replay.claim(namespace, key, expiresAt))) throw requestReplayed();
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
