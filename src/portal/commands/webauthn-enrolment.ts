import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { hashToken } from '../domain/secret-token.ts';
import { openInvitation } from './accept-invitation.ts';
import type { PortalDeps } from './portal-deps.ts';
import { invitationHolder, passkeyCreationOptions } from './webauthn-ceremonies.ts';

/**
 * Creation options for the passkey chosen on the invitation page (docs/portal.md "Passkeys"). Only for a
 * usable invitation (unknown, used and expired links are refused and audited as on the page); the
 * challenge is bound to this invitation, so it cannot finish another one.
 */
export async function passkeyEnrolmentOptions(
  deps: PortalDeps,
  input: { token: string; displayName: string },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const invitation = await openInvitation(deps, input.token);
  return passkeyCreationOptions(deps, {
    holder: invitationHolder(hashToken(input.token)),
    personId: invitation.personId,
    email: invitation.email,
    displayName: input.displayName.trim().slice(0, 200),
    exclude: [],
  });
}
