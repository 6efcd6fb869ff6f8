import { createHmac } from 'node:crypto';
import { newTransientNameId } from '../../protocols/saml/saml-ids.ts';

/**
 * NameID (SAML Core 2.0 §8.3.8): transient by default (random per response, as MPASSid sends);
 * persistent = pairwise per service, an HMAC over the service entity id and the user's uid, so two services
 * cannot correlate a pupil (data minimisation for minors).
 */
export function nameIdValue(
  format: 'transient' | 'persistent',
  input: { secret: Buffer; serviceEntityId: string; uid: string },
): string {
  if (format === 'transient') return newTransientNameId();
  return createHmac('sha256', input.secret)
    .update(`${input.serviceEntityId}\u0000${input.uid}`)
    .digest('base64url');
}

const FORMATS: Record<string, 'transient' | 'persistent' | undefined> = {
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient': 'transient',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent': 'persistent',
};

/** NameIDPolicy Format → ours; `unspecified` or absent → the service's default; others → undefined (refused). */
export function nameIdFormatFor(
  requested: string | undefined,
  serviceDefault: 'transient' | 'persistent',
): 'transient' | 'persistent' | undefined {
  if (requested === undefined || requested === 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified')
    return serviceDefault;
  return FORMATS[requested];
}
