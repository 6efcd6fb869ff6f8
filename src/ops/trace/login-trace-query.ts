import type { Db } from '../../store/database.ts';
import type { StatisticsScope } from '../statistics/statistics-scope.ts';

export interface TracedLogin {
  at: string;
  serviceId: string;
  /** '' when the login ended before a school was chosen. */
  integrationId: string;
  school: string;
  outcome: string | null;
  errorId: string | null;
  errorCode: string | null;
  /** The operator's words on the failure (connector's or data model's; no attribute values). */
  errorDetail: string | null;
  /** What the service asked for. */
  request: Record<string, unknown> | null;
  /** Data-model rules that fired: codes, severities and attribute names. */
  problems: { code: string; severity: string; attributes: string[] }[];
  /** Names of the released attributes, never values. */
  released: string[];
}

export type TraceSearch =
  | { errorId: string }
  | { from: Date; to: Date; serviceId?: string; school?: string; integrationId?: string };

/** A search answers at most this many logins, newest first. */
export const TRACE_LIMIT = 50;
/** A time-window search covers at most one day: the support question is about one login. */
export const TRACE_MAX_WINDOW_MS = 86_400_000;

/**
 * Finds logins for support (docs/operations.md "Support trace"): by the error id a person reports, or by
 * time, service and school. Scoped on the server: an education provider finds only its integrations'
 * logins, a service provider only its services', and a login that failed before a school was chosen
 * belongs to the service alone.
 */
export async function traceLogins(
  db: Db,
  scope: StatisticsScope,
  search: TraceSearch,
): Promise<TracedLogin[]> {
  let query = db.selectFrom('login_report').selectAll().orderBy('at', 'desc').limit(TRACE_LIMIT);
  if ('errorId' in search) {
    query = query.where('error_id', '=', search.errorId.trim().slice(0, 100));
  } else {
    const window = Math.min(search.to.getTime() - search.from.getTime(), TRACE_MAX_WINDOW_MS);
    query = query.where('at', '>=', search.from).where('at', '<=', new Date(search.from.getTime() + window));
    if (search.serviceId) query = query.where('service_id', '=', search.serviceId);
    if (search.school) query = query.where('school', '=', search.school);
    if (search.integrationId) query = query.where('integration_id', '=', search.integrationId);
  }
  if (scope.kind === 'integrations') {
    if (scope.integrationIds.length === 0) return [];
    query = query.where('integration_id', 'in', scope.integrationIds);
  } else if (scope.kind === 'services') {
    if (scope.serviceIds.length === 0) return [];
    query = query.where('service_id', 'in', scope.serviceIds);
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    serviceId: r.service_id,
    integrationId: r.integration_id,
    school: r.school,
    outcome: r.outcome,
    errorId: r.error_id,
    errorCode: r.error_code,
    errorDetail: r.error_detail,
    request: r.request,
    problems: r.problems,
    released: r.released ?? [],
  }));
}
