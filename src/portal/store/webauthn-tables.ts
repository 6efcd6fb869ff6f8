import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A person's passkey (WebAuthn Level 3 §4 "public key credential"); docs/portal.md "Passkeys". */
export interface PortalWebauthnCredentialTable {
  /** The credential id, base64url (WebAuthn §6.1 credentialId). */
  id: string;
  person_id: string;
  /** The COSE public key (RFC 9053), base64url. */
  public_key: string;
  /** The authenticator's signature counter (WebAuthn §6.1.1); a counter that does not grow is refused. */
  sign_count: ColumnType<string, number | string, number | string>;
  transports: JSONColumnType<string[], string, string>;
  name: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_used_at: Timestamp | null;
}

/** A challenge handed to the browser, until it is used once or expires (WebAuthn §13.4.3). */
export interface PortalWebauthnChallengeTable {
  /** SHA-256 of the base64url challenge. */
  challenge_hash: string;
  purpose: 'registration' | 'authentication';
  /** `invitation:<token hash>` or `person:<id>`: whom the challenge was issued to. */
  bound_to: string;
  expires_at: Timestamp;
}

export interface WebauthnTables {
  portal_webauthn_credential: PortalWebauthnCredentialTable;
  portal_webauthn_challenge: PortalWebauthnChallengeTable;
}
