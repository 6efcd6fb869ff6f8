import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { PortalRole } from '../domain/roles.ts';
import type { JoinTables } from './join-tables.ts';
import type { WebauthnTables } from './webauthn-tables.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A person who may use the management portal (docs/portal.md "People and sign-in"). */
export interface PortalPersonTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  display_name: ColumnType<string, string | undefined, string>;
  status: 'invited' | 'active' | 'disabled';
  /** argon2id (RFC 9106) PHC string. */
  password_hash: string | null;
  /** TOTP secret sealed with the secret key (store/secret-box.ts). */
  totp_secret: string | null;
  /** The last accepted TOTP time step: a code is accepted once (RFC 6238 §5.2). */
  totp_last_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  created_at: GeneratedTimestamp;
}

export interface PortalMembershipTable {
  person_id: string;
  /** Registry organisation id; operators hold the role for OPERATOR_SCOPE. */
  organisation_id: string;
  role: PortalRole;
  created_at: GeneratedTimestamp;
}

export interface PortalRecoveryCodeTable {
  person_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface PortalInvitationTable {
  /** SHA-256 of the link's token; the token itself is only in the e-mail. */
  token_hash: string;
  person_id: string;
  organisation_id: string;
  role: PortalRole;
  invited_by: string;
  /** The TOTP secret offered on the invitation page, sealed, until the person confirms it with a code. */
  pending_totp_secret: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PortalSessionTable {
  /** SHA-256 of the cookie value. */
  id_hash: string;
  person_id: string;
  organisation_id: string;
  role: PortalRole;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  authenticated_at: Timestamp;
  /** Absolute end of the session. */
  expires_at: Timestamp;
}

export interface PortalAuditTable {
  id: Generated<string>;
  at: GeneratedTimestamp;
  actor: string;
  action: string;
  organisation_id: string | null;
  subject: string | null;
  ip: string | null;
  detail: JSONColumnType<Record<string, unknown>, Record<string, unknown>, Record<string, unknown>> | null;
}

/** A person's API token for one organisation and role (docs/portal.md "JSON API"). */
export interface PortalApiTokenTable {
  id: string;
  token_hash: string;
  person_id: string;
  organisation_id: string;
  role: PortalRole;
  name: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface PortalTables extends WebauthnTables, JoinTables {
  portal_api_token: PortalApiTokenTable;
  portal_person: PortalPersonTable;
  portal_membership: PortalMembershipTable;
  portal_recovery_code: PortalRecoveryCodeTable;
  portal_invitation: PortalInvitationTable;
  portal_session: PortalSessionTable;
  portal_audit: PortalAuditTable;
}
