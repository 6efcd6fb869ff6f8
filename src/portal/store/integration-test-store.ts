import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../store/database.ts';
import type { TestLoginProblems } from './integration-test-tables.ts';

/** A started test login lives as long as the test service's own request ids (docs/attribute-test-service.md). */
export const TEST_TICKET_TTL_MS = 15 * 60_000;

export interface TestTicket {
  personId: string;
  organisationId: string;
  integrationId: string;
}

export interface StoredTestLogin {
  id: string;
  organisationId: string;
  integrationId: string;
  personId: string;
  /** The person's name or e-mail address now (empty when the person is gone). */
  who: string;
  at: Date;
  protocol: string;
  passed: boolean;
  problems: TestLoginProblems;
}

export interface ProductionApproval {
  integrationId: string;
  organisationId: string;
  sourceIntegrationId: string;
  requestedBy: string;
  requestedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
}

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/**
 * Test logins started from the portal, their stored results, and production integrations waiting for an
 * operator (migration 0982). A ticket is 256 random bits, kept only as its SHA-256, and taken once.
 */
export function createIntegrationTestStore(db: Db) {
  return {
    async createTicket(ticket: TestTicket, now: Date): Promise<string> {
      const value = randomBytes(32).toString('base64url');
      await db
        .insertInto('integration_test_ticket')
        .values({
          id_hash: hashOf(value),
          person_id: ticket.personId,
          organisation_id: ticket.organisationId,
          integration_id: ticket.integrationId,
          created_at: now,
          expires_at: new Date(now.getTime() + TEST_TICKET_TTL_MS),
          used_at: null,
        })
        .execute();
      await db.deleteFrom('integration_test_ticket').where('expires_at', '<', now).execute();
      return value;
    },

    /** The ticket's binding, marking it used; undefined when unknown, expired or used before. */
    async takeTicket(value: string, now: Date): Promise<TestTicket | undefined> {
      const row = await db
        .updateTable('integration_test_ticket')
        .set({ used_at: now })
        .where('id_hash', '=', hashOf(value))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['person_id', 'organisation_id', 'integration_id'])
        .executeTakeFirst();
      return row
        ? { personId: row.person_id, organisationId: row.organisation_id, integrationId: row.integration_id }
        : undefined;
    },

    async recordResult(result: Omit<StoredTestLogin, 'id' | 'who'>, tx: Db = db): Promise<string> {
      const id = randomUUID();
      await tx
        .insertInto('integration_test_login')
        .values({
          id,
          organisation_id: result.organisationId,
          integration_id: result.integrationId,
          person_id: result.personId,
          at: result.at,
          protocol: result.protocol,
          passed: result.passed,
          problems: JSON.stringify(result.problems),
        })
        .execute();
      return id;
    },

    /** The newest results of one integration first. */
    async lastResults(integrationId: string, limit: number): Promise<StoredTestLogin[]> {
      const rows = await db
        .selectFrom('integration_test_login as r')
        .leftJoin('portal_person as p', 'p.id', 'r.person_id')
        .select([
          'r.id',
          'r.organisation_id',
          'r.integration_id',
          'r.person_id',
          'r.at',
          'r.protocol',
          'r.passed',
          'r.problems',
          'p.display_name',
          'p.email',
        ])
        .where('r.integration_id', '=', integrationId)
        .orderBy('r.at', 'desc')
        .orderBy('r.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        organisationId: r.organisation_id,
        integrationId: r.integration_id,
        personId: r.person_id,
        who: r.display_name || r.email || '',
        at: new Date(r.at),
        protocol: r.protocol,
        passed: r.passed,
        problems: typeof r.problems === 'string' ? (JSON.parse(r.problems) as TestLoginProblems) : r.problems,
      }));
    },

    /** The newest passed test login of an integration at or after `since`. */
    async lastPassedSince(integrationId: string, since: Date, tx: Db = db): Promise<Date | undefined> {
      const row = await tx
        .selectFrom('integration_test_login')
        .select('at')
        .where('integration_id', '=', integrationId)
        .where('passed', '=', true)
        .where('at', '>=', since)
        .orderBy('at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? new Date(row.at) : undefined;
    },

    async addApproval(
      approval: Omit<ProductionApproval, 'approvedBy' | 'approvedAt'>,
      tx: Db,
    ): Promise<void> {
      await tx
        .insertInto('integration_production_approval')
        .values({
          integration_id: approval.integrationId,
          organisation_id: approval.organisationId,
          source_integration_id: approval.sourceIntegrationId,
          requested_by: approval.requestedBy,
          requested_at: approval.requestedAt,
          approved_by: null,
          approved_at: null,
        })
        .execute();
    },

    async pendingApprovals(): Promise<ProductionApproval[]> {
      const rows = await db
        .selectFrom('integration_production_approval')
        .selectAll()
        .where('approved_at', 'is', null)
        .orderBy('requested_at')
        .execute();
      return rows.map((r) => ({
        integrationId: r.integration_id,
        organisationId: r.organisation_id,
        sourceIntegrationId: r.source_integration_id,
        requestedBy: r.requested_by,
        requestedAt: new Date(r.requested_at),
        approvedBy: r.approved_by,
        approvedAt: r.approved_at ? new Date(r.approved_at) : null,
      }));
    },

    /** Marks a pending approval approved; false when there is none (unknown, or approved before). */
    async approve(integrationId: string, by: string, now: Date, tx: Db): Promise<boolean> {
      const row = await tx
        .updateTable('integration_production_approval')
        .set({ approved_by: by, approved_at: now })
        .where('integration_id', '=', integrationId)
        .where('approved_at', 'is', null)
        .returning('integration_id')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
