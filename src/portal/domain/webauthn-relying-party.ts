/**
 * Passi as a WebAuthn relying party (WebAuthn Level 3 §5.1.4.1 "RP ID", §13.4.9 "Validating the origin").
 * Both come from the configured public URL, never from the request's Host header: a forged Host must not
 * change which origin an answer is checked against.
 */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingParty(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, name: 'Passi', origin: url.origin };
}

/** How long a challenge may be answered: the browser's own ceremony timeout plus a margin. */
export const PASSKEY_CEREMONY_MS = 5 * 60_000;

/** ES256 (-7) and RS256 (-257), COSE algorithm ids (RFC 9053 §2.1, RFC 8812 §2). */
export const PASSKEY_ALGORITHMS = [-7, -257];

/** Bounds of the JSON a browser posts for one ceremony. */
export const PASSKEY_JSON_MAX = 16_000;
export const PASSKEY_NAME_MAX = 100;
