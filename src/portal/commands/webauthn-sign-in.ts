import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { checkPassword } from './sign-in.ts';
import { passkeyRequestOptions } from './webauthn-ceremonies.ts';

export type PasskeyOptionsResult =
  | { ok: true; options: PublicKeyCredentialRequestOptionsJSON }
  | { ok: false; reason: 'invalid' | 'locked' | 'none' };

/**
 * The passkey step of sign-in (docs/portal.md "Passkeys"): after the password — checked and counted
 * towards the lockout as at sign-in — the request options for the person's own passkeys. A person
 * without passkeys gets `none` and signs in with a code.
 */
export async function passkeySignInOptions(
  deps: PortalDeps,
  input: { email: string; password: string; ip: string },
): Promise<PasskeyOptionsResult> {
  const checked = await checkPassword(deps, input);
  if (!checked.ok) return checked;
  const passkeys = await portalStores(deps.db, deps.clock).passkeys.listForPerson(checked.person.id);
  if (passkeys.length === 0) return { ok: false, reason: 'none' };
  return { ok: true, options: await passkeyRequestOptions(deps, checked.person.id) };
}
