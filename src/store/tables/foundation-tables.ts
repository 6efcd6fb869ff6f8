import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** jsonb column holding a typed document. */
type Json<T extends object | null> = JSONColumnType<T, T, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (may be omitted on insert). */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Registry entities are stored as validated JSON documents with a few indexed columns (docs/registry.md). */
export interface RegistryEntityTable {
  kind: 'organisation' | 'integration' | 'service' | 'serviceSet';
  id: string;
  /** Secondary unique key: flow name (integration), entity id / client id (service). */
  natural_key: string | null;
  doc: Json<Record<string, unknown>>;
  /** Secret fields, AES-256-GCM encrypted with PASSI_SECRET_KEY (store/secret-box.ts). */
  secrets: string | null;
  /** Raised by every update; a write may name the revision it was based on (optimistic locking). */
  revision: ColumnType<number, number | undefined, number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: GeneratedTimestamp;
  actor: string;
  action: 'create' | 'update' | 'delete';
  entity_kind: string;
  entity_id: string;
  before: Json<Record<string, unknown>> | null;
  after: Json<Record<string, unknown>> | null;
}

/** A monotonically increasing version: bumped in the same transaction as every registry change. */
export interface RegistryStateTable {
  singleton: number;
  version: string;
}

export interface KeyTable {
  kid: string;
  /** Separate keys for SAML signing, SAML decryption and OIDC signing (docs/operations.md "Keys"). */
  use: 'saml-sig' | 'saml-enc' | 'oidc-sig';
  alg: string;
  state: 'next' | 'active' | 'retired';
  public_pem: string;
  certificate_pem: string;
  private_encrypted: string;
  created_at: GeneratedTimestamp;
  not_after: Timestamp;
}

/** Short-lived login flow state: single use, with expiry. */
export interface FlowTable {
  id: string;
  data: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
}

/** Passi's own SSO session (for IsPassive / prompt=none and logout). */
export interface SessionTable {
  id: string;
  data: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

/** Single-use identifiers and replay cache (SAML request/assertion ids, nonces, jti): insert-or-fail. */
export interface ReplayTable {
  namespace: string;
  key: string;
  expires_at: Timestamp;
}

/** oidc-provider artifacts. */
export interface OidcArtifactTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
}

export interface FoundationTables {
  registry_entity: RegistryEntityTable;
  audit_log: AuditLogTable;
  registry_state: RegistryStateTable;
  signing_key: KeyTable;
  flow: FlowTable;
  session: SessionTable;
  replay: ReplayTable;
  oidc_artifact: OidcArtifactTable;
}
