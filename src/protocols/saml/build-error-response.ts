/**
 * A SAML Response that reports a failure (SAML Core 2.0 §3.2.2.2): top-level Requester or Responder
 * with a second-level code such as NoPassive (IsPassive without a session, §3.4.1), AuthnFailed or
 * RequestDenied. It carries no assertion. It is signed when a credential is given, since some SPs
 * insist on signed responses even for errors.
 */
import { xmlSafe } from './build-assertion.ts';
import { responseEnvelope, statusElement } from './build-response.ts';
import type { STATUS } from './namespaces.ts';
import { signEnveloped } from './sign-enveloped.ts';
import type { SigningCredential } from './signing-credential.ts';
import { writeCanonical } from './write-canonical-tree.ts';

export interface ErrorResponseInput {
  readonly issuer: string;
  readonly destination: string;
  readonly inResponseTo?: string;
  readonly now: Date;
  readonly topLevel: typeof STATUS.requester | typeof STATUS.responder;
  /** Second-level StatusCode URI, e.g. STATUS.noPassive. */
  readonly secondLevel?: string;
  /** Short, non-sensitive text; never echo request content here. */
  readonly message?: string;
  readonly responseId?: string;
}

export function buildErrorResponse(input: ErrorResponseInput, credential?: SigningCredential): string {
  const { response, issuer } = responseEnvelope(input, [
    statusElement(
      input.topLevel,
      input.secondLevel,
      input.message === undefined ? undefined : xmlSafe(input.message),
    ),
  ]);
  if (credential !== undefined) signEnveloped(response, credential, issuer);
  return writeCanonical(response, { wire: true });
}
