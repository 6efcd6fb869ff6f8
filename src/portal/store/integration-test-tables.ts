import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

/** A test login started from the portal (migration 0982): found only by the SHA-256 of its ticket. */
export interface IntegrationTestTicketTable {
  id_hash: string;
  person_id: string;
  organisation_id: string;
  integration_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** One data-model attribute's status in a test login, and the problem codes that flagged it. */
export interface TestLoginAttributeProblem {
  attribute: string;
  status: 'ok' | 'empty' | 'error';
  codes: string[];
}

/** What a stored test login found wrong: attribute statuses and rule codes, never attribute values. */
export interface TestLoginProblems {
  /** Attributes that were not OK (empty or error); OK ones are implied. */
  attributes: TestLoginAttributeProblem[];
  /** Every rule that fired, by code and severity. */
  rules: { code: string; severity: string; attributes: string[] }[];
  /** Why the login itself failed (a protocol error Passi answered), if it did. */
  failure?: string;
}

export interface IntegrationTestLoginTable {
  id: string;
  organisation_id: string;
  integration_id: string;
  person_id: string;
  at: Timestamp;
  protocol: string;
  passed: boolean;
  problems: JSONColumnType<TestLoginProblems, string, string>;
}

export interface IntegrationProductionApprovalTable {
  integration_id: string;
  organisation_id: string;
  source_integration_id: string;
  requested_by: string;
  requested_at: Timestamp;
  approved_by: string | null;
  approved_at: Timestamp | null;
}

export interface IntegrationTestTables {
  integration_test_ticket: IntegrationTestTicketTable;
  integration_test_login: IntegrationTestLoginTable;
  integration_production_approval: IntegrationProductionApprovalTable;
}
