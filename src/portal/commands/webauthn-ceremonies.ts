import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { z } from 'zod';
import { PASSKEY_ALGORITHMS, PASSKEY_CEREMONY_MS, relyingParty } from '../domain/webauthn-relying-party.ts';
import type { PasskeyCredential } from '../store/webauthn-credential-store.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** Whom a challenge is issued to: the invitation (before the account exists) or the person. */
export const invitationHolder = (tokenHash: string) => `invitation:${tokenHash}`;
export const personHolder = (personId: string) => `person:${personId}`;

const b64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/)
  .max(8000);
const transports = z.array(z.string().max(20)).max(10).optional();
const registrationJson = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: b64url, attestationObject: b64url, transports }),
  clientExtensionResults: z.object({}).passthrough().default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
const authenticationJson = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  clientExtensionResults: z.object({}).passthrough().default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** The challenge inside a browser's clientDataJSON (WebAuthn §5.8.1), or undefined when unreadable. */
function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (parsed as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && challenge.length <= 200 ? challenge : undefined;
  } catch {
    return undefined;
  }
}

function parseJson<T extends z.ZodType>(schema: T, text: string): z.infer<T> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creation options for a new passkey (WebAuthn §5.4): attestation 'none' (Passi trusts the person, not a
 * device make), user verification preferred, ES256 or RS256. The challenge is stored for `holder`.
 */
export async function passkeyCreationOptions(
  deps: PortalDeps,
  input: {
    holder: string;
    personId: string;
    email: string;
    displayName: string;
    exclude: PasskeyCredential[];
  },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty(deps.publicUrl);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: input.email,
    userDisplayName: input.displayName || input.email,
    userID: new TextEncoder().encode(input.personId),
    timeout: PASSKEY_CEREMONY_MS - 60_000,
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    excludeCredentials: input.exclude.map((c) => ({ id: c.id, transports: knownTransports(c.transports) })),
  });
  await portalStores(deps.db, deps.clock).challenges.issue({
    challenge: options.challenge,
    purpose: 'registration',
    boundTo: input.holder,
    expiresAt: new Date(deps.clock.now().getTime() + PASSKEY_CEREMONY_MS),
  });
  return options;
}

export interface NewPasskey {
  id: string;
  publicKey: string;
  signCount: number;
  transports: string[];
}

/**
 * Checks a browser's answer to creation options (WebAuthn §7.1): the challenge must be one Passi issued to
 * `holder`, unused and unexpired (used up here, whatever the outcome), the origin and RP ID Passi's own.
 */
export async function verifyNewPasskey(
  deps: PortalDeps,
  input: { holder: string; json: string },
): Promise<NewPasskey | undefined> {
  const response = parseJson(registrationJson, input.json);
  const challenge = response && challengeOf(response.response.clientDataJSON);
  if (!response || !challenge) return undefined;
  const stores = portalStores(deps.db, deps.clock);
  const fresh = await stores.challenges.consume({
    challenge,
    purpose: 'registration',
    boundTo: input.holder,
    now: deps.clock.now(),
  });
  if (!fresh) return undefined;
  const rp = relyingParty(deps.publicUrl);
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    });
    if (!result.verified) return undefined;
    const credential = result.registrationInfo.credential;
    return {
      id: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: credential.transports ?? response.response.transports ?? [],
    };
  } catch {
    return undefined;
  }
}

/** Request options for the person's own passkeys (WebAuthn §5.5); the challenge is stored for the person. */
export async function passkeyRequestOptions(
  deps: PortalDeps,
  personId: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const stores = portalStores(deps.db, deps.clock);
  const credentials = await stores.passkeys.listForPerson(personId);
  const rp = relyingParty(deps.publicUrl);
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'preferred',
    timeout: PASSKEY_CEREMONY_MS - 60_000,
    allowCredentials: credentials.map((c) => ({ id: c.id, transports: knownTransports(c.transports) })),
  });
  await stores.challenges.issue({
    challenge: options.challenge,
    purpose: 'authentication',
    boundTo: personHolder(personId),
    expiresAt: new Date(deps.clock.now().getTime() + PASSKEY_CEREMONY_MS),
  });
  return options;
}

export type AssertionProblem = 'unreadable' | 'challenge' | 'credential' | 'signature' | 'counter';

/**
 * Checks an assertion (WebAuthn §7.2) for `personId`: a challenge issued to this person and not used
 * before, one of this person's credentials, a valid signature, and a signature counter that grows
 * (a cloned authenticator or a replayed answer is refused). The new counter is stored.
 */
export async function verifyPasskeyAssertion(
  deps: PortalDeps,
  input: { personId: string; json: string },
): Promise<{ ok: true; credentialId: string } | { ok: false; problem: AssertionProblem }> {
  const response = parseJson(authenticationJson, input.json);
  const challenge = response && challengeOf(response.response.clientDataJSON);
  if (!response || !challenge) return { ok: false, problem: 'unreadable' };
  const stores = portalStores(deps.db, deps.clock);
  const now = deps.clock.now();
  const fresh = await stores.challenges.consume({
    challenge,
    purpose: 'authentication',
    boundTo: personHolder(input.personId),
    now,
  });
  if (!fresh) return { ok: false, problem: 'challenge' };
  const stored = await stores.passkeys.findForPerson(input.personId, response.id);
  if (!stored) return { ok: false, problem: 'credential' };
  const rp = relyingParty(deps.publicUrl);
  let newCount: number;
  try {
    const result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      credential: {
        id: stored.id,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
        counter: stored.signCount,
        transports: knownTransports(stored.transports),
      },
    });
    if (!result.verified) return { ok: false, problem: 'signature' };
    newCount = result.authenticationInfo.newCounter;
  } catch (error) {
    const counter = error instanceof Error && /counter/i.test(error.message);
    return { ok: false, problem: counter ? 'counter' : 'signature' };
  }
  const recorded = await stores.passkeys.recordUse({
    personId: input.personId,
    id: stored.id,
    previousCount: stored.signCount,
    newCount,
    at: now,
  });
  return recorded ? { ok: true, credentialId: stored.id } : { ok: false, problem: 'counter' };
}

type Transport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb';
const TRANSPORTS: readonly string[] = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];
function knownTransports(values: string[]): Transport[] {
  return values.filter((v): v is Transport => TRANSPORTS.includes(v));
}
