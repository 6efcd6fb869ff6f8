/**
 * The successful SAML Response to a service (SAML Core 2.0 §3.2.2, Profiles §4.1.4.2):
 * Response(Issuer, [Signature], Status, Assertion|EncryptedAssertion), the Assertion always signed,
 * the Response signed too when the service wants it (assertion first, then the response, so the
 * response signature covers the signed — or encrypted — assertion).
 *
 * The result is the canonical serialisation of the whole Response: it is both what was digested and
 * what goes on the wire, and it escapes CR as `&#xD;` so values survive parsing unchanged.
 */
import { type AssertionInput, buildAssertion } from './build-assertion.ts';
import { encryptAssertion } from './encrypt-assertion.ts';
import { NS, STATUS } from './namespaces.ts';
import { newSamlId, samlInstant } from './saml-ids.ts';
import { signEnveloped, signEnvelopedForLogin } from './sign-enveloped.ts';
import type { SigningCredential } from './signing-credential.ts';
import { writeCanonical } from './write-canonical-tree.ts';
import { el, type XmlElement } from './xml-tree.ts';

export interface ResponseInput extends AssertionInput {
  /** Response@Destination: the ACS URL the browser will POST to (same as `recipient`). */
  readonly destination: string;
  /** Sign the Response element as well as the Assertion. */
  readonly signResponse?: boolean;
  /** PEM certificate of the service's encryption key: encrypt the assertion when present. */
  readonly encryptionCertificatePem?: string;
  /** Response ID; generated when absent. */
  readonly responseId?: string;
}

/** Builds, signs and (optionally) encrypts a successful Response. Returns the XML (not base64). */
export async function buildResponse(input: ResponseInput, credential: SigningCredential): Promise<string> {
  const { assertion, issuer: assertionIssuer } = buildAssertion(input);
  // On the login path a large key's private-key operations run off the event loop (sign-for-login.ts).
  await signEnvelopedForLogin(assertion, credential, assertionIssuer);
  const carried =
    input.encryptionCertificatePem === undefined
      ? assertion
      : await encryptAssertion(assertion, input.encryptionCertificatePem);
  const { response, issuer } = successEnvelope(input, carried);
  if (input.signResponse) await signEnvelopedForLogin(response, credential, issuer);
  return writeCanonical(response, { wire: true });
}

/**
 * Synchronous variant without encryption, what the benchmark measures (the server signs through buildResponse).
 * @internal used by the benchmark and tests only
 */
export function buildResponseSync(input: ResponseInput, credential: SigningCredential): string {
  if (input.encryptionCertificatePem !== undefined) {
    throw new TypeError('buildResponseSync cannot encrypt; use buildResponse');
  }
  const { assertion, issuer: assertionIssuer } = buildAssertion(input);
  signEnveloped(assertion, credential, assertionIssuer);
  const { response, issuer } = successEnvelope(input, assertion);
  if (input.signResponse) signEnveloped(response, credential, issuer);
  return writeCanonical(response, { wire: true });
}

/**
 * The Response around the Assertion, which is signed before it goes in (SAML Core 2.0 §2.3.3: its
 * ds:Signature follows its saml:Issuer), or around the EncryptedAssertion that carries it.
 */
function successEnvelope(input: ResponseInput, assertion: XmlElement) {
  return responseEnvelope(input, [statusElement(STATUS.success), assertion]);
}

/**
 * The samlp:Response element with its Issuer first (SAML Core 2.0 §3.2.2): shared by successful and error
 * Responses. `rest` follows the Issuer (Status, then the assertion when there is one).
 */
export function responseEnvelope(
  input: { issuer: string; destination: string; inResponseTo?: string; now: Date; responseId?: string },
  rest: XmlElement[],
): { response: XmlElement; issuer: XmlElement } {
  const issuer = el(NS.saml, 'saml:Issuer', {}, [input.issuer]);
  const response = el(
    NS.samlp,
    'samlp:Response',
    {
      Destination: input.destination,
      ID: input.responseId ?? newSamlId(),
      InResponseTo: input.inResponseTo,
      IssueInstant: samlInstant(input.now),
      Version: '2.0',
    },
    [issuer, ...rest],
  );
  return { response, issuer };
}

export function statusElement(topLevel: string, secondLevel?: string, message?: string): XmlElement {
  const inner = secondLevel === undefined ? [] : [el(NS.samlp, 'samlp:StatusCode', { Value: secondLevel })];
  const children: XmlElement[] = [el(NS.samlp, 'samlp:StatusCode', { Value: topLevel }, inner)];
  if (message !== undefined) children.push(el(NS.samlp, 'samlp:StatusMessage', {}, [message]));
  return el(NS.samlp, 'samlp:Status', {}, children);
}
