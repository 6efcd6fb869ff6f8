import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { PersonRegistry } from '../../registry/organisation-schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** One published version of the terms of service (docs/portal.md "Terms of service"); never changed. */
export interface PortalTermsVersionTable {
  /** 1, 2, 3 … in publishing order; the highest is the current version. */
  id: number;
  published_at: Timestamp;
  /** Person id of the operator, or `cli:<user>` / `demo` for seeded versions. */
  published_by: string;
  text_fi: string;
  text_sv: string;
  text_en: string;
  /** SHA-256 (hex) of the three texts as published, so an acceptance names the exact words. */
  text_sha256: string;
}

/** Who accepted which version of the terms, when, and for which application or organisation. */
export interface PortalTermsAcceptanceTable {
  id: Generated<string>;
  terms_version: number;
  text_sha256: string;
  accepted_by_email: string;
  accepted_by_person: string | null;
  accepted_at: Timestamp;
  application_id: string | null;
  organisation_id: string | null;
}

/** What the applicant gave on the join form (docs/portal.md "Joining"). */
export interface JoinDetails {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  businessId: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  personRegistries: PersonRegistry[];
  language: 'fi' | 'sv' | 'en';
}

export interface PortalJoinApplicationTable {
  id: string;
  status: 'received' | 'verified' | 'approved' | 'rejected';
  kind: 'education' | 'service' | 'both';
  details: JSONColumnType<JoinDetails, JoinDetails, JoinDetails>;
  contact_email: string;
  /** The OPH organisation OID the applicant confirmed; null when none of the proposals matched. */
  confirmed_oid: string | null;
  terms_version: number;
  verify_token_hash: string;
  verify_expires_at: Timestamp;
  verified_at: Timestamp | null;
  status_token_hash: string;
  decided_at: Timestamp | null;
  decided_by: string | null;
  reject_reason: string | null;
  organisation_id: string | null;
  ip: string | null;
  created_at: Timestamp;
}

export interface JoinTables {
  portal_terms_version: PortalTermsVersionTable;
  portal_terms_acceptance: PortalTermsAcceptanceTable;
  portal_join_application: PortalJoinApplicationTable;
}
