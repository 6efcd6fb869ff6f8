import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import type { LoginFailed } from '../../core/flow/login-events.ts';
import type { LoginRecorder, LoginReport } from '../../core/flow/ports.ts';
import { LOGIN_REPORT_HANDLE, loginReportHandleOf } from '../../model/login-report-handle.ts';
import type { Db } from '../database.ts';
import type { LoginRowsWriteBehind } from './login-rows-write-behind.ts';
import { sessionRow } from './session-store.ts';

/** How long raw and released attributes stay readable by the attribute test service. */
const DETAIL_TTL_MS = 15 * 60_000;

export interface StoredLoginDetail {
  integrationId: string;
  flowName: string;
  raw: Record<string, string[]>;
  released: Record<string, string[]>;
  problems: { code: string; severity: string; attributes: string[]; message: string }[];
  blocked: boolean;
  /**
   * SHA-256 of the login's flow id, which only the browser that went through Passi holds (flow cookie):
   * a blocked login releases no handle, so its detail is found by this instead.
   */
  flowHash: string;
}

/**
 * Records every login's rule outcomes (codes only, for data-quality statistics) and, for services that
 * keep details (the built-in attribute test service), the raw and released attributes for 15 minutes.
 * A report released with a handle (login-report-handle.ts) is stored under it: the handle is the only
 * way to find the detail again, together with the service and the request the report answered.
 *
 * On the embedded store (`behind`) reports and the sessions opened with them are written behind the login
 * (login-rows-write-behind.ts); this store's own reads wait for those writes first.
 */
export function createLoginReportStore(
  db: Db,
  clock: Clock,
  keepsDetail: (serviceId: string) => Promise<boolean>,
  behind?: LoginRowsWriteBehind,
) {
  const reportRow = async (report: LoginReport) => {
    const detail = (await keepsDetail(report.serviceId)) ? detailOf(report) : null;
    return {
      id: loginReportHandleOf(report.identity.attributes) ?? randomUUID(),
      at: report.at,
      service_id: report.serviceId,
      integration_id: report.upstream.integrationId,
      correlation_id: report.correlationId ?? null,
      blocked: report.identity.blocked,
      problems: JSON.stringify(
        report.identity.problems.map((p) => ({
          code: p.code,
          severity: p.severity,
          attributes: p.attributes,
        })),
      ),
      detail: detail ? JSON.stringify(detail) : null,
      detail_expires_at: detail ? new Date(clock.now().getTime() + DETAIL_TTL_MS) : null,
      flow_id: report.flowId,
      outcome: report.identity.blocked
        ? 'failed:blocked'
        : report.identity.problems.length > 0
          ? 'completed:problems'
          : 'completed',
      school: report.identity.countedAs?.school ?? '',
      request: JSON.stringify(report.request),
      // Names only: the trace says what was released, never the values (docs/operations.md "Support trace").
      released: JSON.stringify(
        report.identity.blocked
          ? []
          : Object.keys(report.identity.attributes).filter((name) => name !== LOGIN_REPORT_HANDLE),
      ),
    };
  };

  const recorder: LoginRecorder = {
    async record(report) {
      const row = await reportRow(report);
      if (behind) behind.add({ report: row });
      else await db.insertInto('login_report').values(row).execute();
    },
    // One statement: both rows or neither (docs/performance.md "A completed login's writes together").
    async recordWithSession(report, session, ttlSeconds) {
      const row = await reportRow(report);
      if (behind) {
        // Written together in the next interval's transaction: both or neither.
        behind.add({ session: sessionRow(session, ttlSeconds, clock.now()), report: row });
        return;
      }
      await db
        .with('opened', (q) =>
          q
            .insertInto('session')
            .values(sessionRow(session, ttlSeconds, clock.now()))
            .returning('id'),
        )
        .insertInto('login_report')
        .values(row)
        .execute();
    },
  };

  /**
   * A failed login in the trace: the report of a login the data model blocked gets the error id and code;
   * a login that failed before any report (cancelled at the school, school error, no passive session …)
   * gets a report of its own. Identifiers, codes and the operator's detail only.
   */
  async function recordFailure(event: LoginFailed, outcome: string): Promise<void> {
    const failure = { error_id: event.errorId, error_code: event.code, error_detail: event.detail, outcome };
    // The blocked login's report may still be waiting to be written.
    await behind?.flush();
    const updated = await db
      .updateTable('login_report')
      .set(failure)
      .where('flow_id', '=', event.flowId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    await db
      .insertInto('login_report')
      .values({
        id: randomUUID(),
        at: event.at,
        service_id: event.serviceId,
        integration_id: event.integrationId ?? '',
        correlation_id: null,
        blocked: event.code === ErrorCodes.LOGIN_BLOCKED,
        problems: '[]',
        detail: null,
        detail_expires_at: null,
        flow_id: event.flowId,
        request: JSON.stringify(event.request),
        released: '[]',
        ...failure,
      })
      .execute();
  }
  return {
    recorder,
    recordFailure,
    /**
     * The detail of a blocked login that answered the request `correlationId` of `serviceId`, for the
     * browser whose flow cookie holds that login's flow id.
     */
    async findBlockedDetail(
      serviceId: string,
      correlationId: string,
      flowId: string,
    ): Promise<StoredLoginDetail | undefined> {
      await behind?.flush();
      const rows = await db
        .selectFrom('login_report')
        .select('detail')
        .where('service_id', '=', serviceId)
        .where('correlation_id', '=', correlationId)
        .where('blocked', '=', true)
        .where('detail_expires_at', '>', clock.now())
        .execute();
      const flowHash = hashOf(flowId);
      const found = rows.find((r) => Reflect.get(Object(r.detail), 'flowHash') === flowHash);
      return found?.detail ? (found.detail as unknown as StoredLoginDetail) : undefined;
    },
    /**
     * The detail of the report `handle` names, when it belongs to `serviceId` and answered the request
     * `correlationId` (the AuthnRequest ID or OIDC `state` of the login the caller started).
     */
    async findDetail(
      serviceId: string,
      handle: string,
      correlationId: string,
    ): Promise<StoredLoginDetail | undefined> {
      await behind?.flush();
      const row = await db
        .selectFrom('login_report')
        .select('detail')
        .where('id', '=', handle)
        .where('service_id', '=', serviceId)
        .where('correlation_id', '=', correlationId)
        .where('detail_expires_at', '>', clock.now())
        .executeTakeFirst();
      return row?.detail ? (row.detail as unknown as StoredLoginDetail) : undefined;
    },
  };
}

export type LoginReportStore = ReturnType<typeof createLoginReportStore>;

function detailOf(report: LoginReport): Record<string, unknown> {
  const detail: StoredLoginDetail = {
    integrationId: report.upstream.integrationId,
    flowName: report.upstream.flowName,
    raw: report.upstream.attributes,
    released: Object.fromEntries(
      Object.entries(report.identity.attributes).filter(([name]) => name !== LOGIN_REPORT_HANDLE),
    ),
    problems: report.identity.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      attributes: p.attributes,
      message: p.message,
    })),
    blocked: report.identity.blocked,
    flowHash: hashOf(report.flowId),
  };
  return JSON.parse(JSON.stringify(detail)) as Record<string, unknown>;
}

function hashOf(flowId: string): string {
  return createHash('sha256').update(flowId, 'utf8').digest('base64url');
}
