import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import type { LoginRecorder, LoginReport } from '../../core/flow/ports.ts';
import type { Db } from '../database.ts';

/** How long raw and released attributes stay readable by the attribute test service. */
const DETAIL_TTL_MS = 15 * 60_000;

export interface StoredLoginDetail {
  integrationId: string;
  flowName: string;
  raw: Record<string, string[]>;
  released: Record<string, string[]>;
  problems: { code: string; severity: string; attributes: string[]; message: string }[];
  blocked: boolean;
}

/**
 * Records every login's rule outcomes (codes only, for data-quality statistics) and, for services that
 * keep details (the built-in attribute test service), the raw and released attributes for 15 minutes.
 */
export function createLoginReportStore(
  db: Db,
  clock: Clock,
  keepsDetail: (serviceId: string) => Promise<boolean>,
) {
  const recorder: LoginRecorder = {
    async record(report: LoginReport) {
      const detail = (await keepsDetail(report.serviceId)) ? detailOf(report) : null;
      await db
        .insertInto('login_report')
        .values({
          id: randomUUID(),
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
        })
        .execute();
    },
  };
  return {
    recorder,
    async findDetail(serviceId: string, correlationId: string): Promise<StoredLoginDetail | undefined> {
      const row = await db
        .selectFrom('login_report')
        .select('detail')
        .where('service_id', '=', serviceId)
        .where('correlation_id', '=', correlationId)
        .where('detail_expires_at', '>', clock.now())
        .orderBy('at', 'desc')
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
    released: report.identity.attributes,
    problems: report.identity.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      attributes: p.attributes,
      message: p.message,
    })),
    blocked: report.identity.blocked,
  };
  return JSON.parse(JSON.stringify(detail)) as Record<string, unknown>;
}
