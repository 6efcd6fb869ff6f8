import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** One school IdP's last good SAML metadata (migration 0300). */
export interface UpstreamMetadataTable {
  integration_id: string;
  /** `url:<address>` or `xml` (uploaded in the integration settings). */
  source: string;
  xml: string;
  entity_id: string;
  sso_redirect_url: string | null;
  sso_post_url: string | null;
  signing_certificates: JSONColumnType<string[]>;
  /** SHA-256 fingerprints of the signing certificates, for display and audit. */
  fingerprints: JSONColumnType<string[]>;
  valid_until: Timestamp | null;
  certificates_not_after: Timestamp | null;
  fetched_at: Timestamp;
  refresh_after: Timestamp;
  last_attempt_at: Timestamp | null;
  last_error: string | null;
  /** When a refresh of the same source brought other signing certificates (migration 0700). */
  certificates_changed_at: Timestamp | null;
  /** The fingerprints that change replaced. */
  previous_fingerprints: JSONColumnType<string[] | null, string | null, string | null>;
}

export interface UpstreamMetadataTables {
  upstream_metadata: UpstreamMetadataTable;
}
