import { createHmac } from 'node:crypto';
import { newSamlId } from '../../protocols/saml/saml-ids.ts';

/**
 * AuthnStatement/@SessionIndex (SAML Core §2.7.2): names the session for one service, which keeps it
 * (and may log it) to match a later LogoutRequest. So it is an HMAC over the session handle and the
 * service's entity id: stable for that service within the session, different at every other service, and
 * never something the browser presents (the cookie is a secret the handle is a hash of). Without an SSO
 * session it is random.
 */
export function sessionIndexValue(input: {
  secret: Buffer;
  sessionHandle: string | undefined;
  serviceEntityId: string;
}): string {
  // `_` + 128 random bits, the shape of a SAML ID.
  if (input.sessionHandle === undefined) return newSamlId();
  const mac = createHmac('sha256', input.secret)
    .update(`${input.sessionHandle}\u0000${input.serviceEntityId}`)
    .digest('base64url');
  return `_${mac}`;
}
