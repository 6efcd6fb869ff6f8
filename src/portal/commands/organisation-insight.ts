import type { LocalisedText } from '../../core/language.ts';
import { type DataQualityRow, dataQuality } from '../../ops/quality/data-quality-query.ts';
import { type LoginStatistics, loginStatistics } from '../../ops/statistics/login-statistics-query.ts';
import type { StatisticsScope } from '../../ops/statistics/statistics-scope.ts';
import { type TracedLogin, type TraceSearch, traceLogins } from '../../ops/trace/login-trace-query.ts';
import type { RegistrySnapshot } from '../../registry/registry-snapshot.ts';
import type { Principal } from '../domain/principal.ts';
import { OPERATOR_SCOPE } from '../domain/roles.ts';
import { authoriseOrganisation } from './organisation-access.ts';
import {
  DEFAULT_REPORT_RETENTION_DAYS,
  dayRange,
  type TraceInput,
  traceSearch,
} from './organisation-insight-input.ts';
import { organisationRegistryOf } from './organisation-registry.ts';
import type { PortalDeps } from './portal-deps.ts';

/** Names for the ids the answers carry, from the registry snapshot (the pages show them, the API not). */
export interface InsightNames {
  services: Record<string, LocalisedText>;
  integrations: Record<string, LocalisedText>;
}

export interface OrganisationStatistics {
  statistics: LoginStatistics;
  names: InsightNames;
}

export interface OrganisationDataQuality {
  from: string;
  to: string;
  problems: DataQualityRow[];
  /** Seen from a service provider's side: the data is the schools', so there are no rows to show. */
  serviceSide: boolean;
  names: InsightNames;
}

export interface OrganisationTrace {
  search: TraceSearch;
  logins: TracedLogin[];
  names: InsightNames;
}

/** The problems an education provider's front page shows (docs/portal.md "Top problems"). */
export const TOP_PROBLEMS = 5;

/**
 * An organisation's login statistics (docs/portal.md "Login statistics"): its own integrations' logins,
 * or a service provider's services' logins; anyone else is refused (403) and the refusal audited.
 */
export async function organisationStatistics(
  deps: PortalDeps,
  principal: Principal,
  input: { organisationId: string; from?: string; to?: string },
  ip: string,
): Promise<OrganisationStatistics> {
  await authoriseOrganisation(
    deps,
    principal,
    input.organisationId,
    { what: 'read login statistics', change: false },
    ip,
  );
  const range = dayRange(deps.clock.now(), input);
  const { scope, snapshot } = await scopeOf(deps, principal, input.organisationId);
  const statistics = await loginStatistics(deps.db, { ...range, scope });
  return { statistics, names: namesOf(snapshot) };
}

/**
 * Data-model problems of an education provider's integrations per school (docs/portal.md "Data quality"),
 * with the advice for school IT. A service provider's people see none: the data is the school's.
 */
export async function organisationDataQuality(
  deps: PortalDeps,
  principal: Principal,
  input: { organisationId: string; from?: string; to?: string },
  ip: string,
): Promise<OrganisationDataQuality> {
  await authoriseOrganisation(
    deps,
    principal,
    input.organisationId,
    { what: 'read data quality', change: false },
    ip,
  );
  const range = dayRange(deps.clock.now(), input);
  const { scope, integrationIds, snapshot } = await scopeOf(deps, principal, input.organisationId);
  const problems = await dataQuality(deps.db, { ...range, integrationIds });
  return { ...range, problems, serviceSide: scope.kind === 'services', names: namesOf(snapshot) };
}

/**
 * The support trace of one organisation (docs/portal.md "Support trace"): by error id, or by a time window
 * within the raw reports' retention with service and school; only the organisation's own logins.
 */
export async function organisationTrace(
  deps: PortalDeps,
  principal: Principal,
  input: TraceInput & { organisationId: string },
  ip: string,
): Promise<OrganisationTrace> {
  await authoriseOrganisation(
    deps,
    principal,
    input.organisationId,
    { what: 'trace logins', change: false },
    ip,
  );
  const retention = deps.loginReportRetentionDays ?? DEFAULT_REPORT_RETENTION_DAYS;
  const search = traceSearch(deps.clock.now(), input, retention);
  const { scope, snapshot } = await scopeOf(deps, principal, input.organisationId);
  return { search, logins: await traceLogins(deps.db, scope, search), names: namesOf(snapshot) };
}

/**
 * Whose logins an organisation's pages may see (docs/operations.md "Support trace"): a service provider's
 * people their services', everyone else the organisation's integrations' — decided here, on the server.
 * An organisation with services and no integrations is seen from the service side by operators too.
 */
async function scopeOf(deps: PortalDeps, principal: Principal, organisationId: string) {
  const snapshot = await organisationRegistryOf(deps).cache.current();
  // The operators' own organisation stands for the whole federation: operators see everything there
  // (docs/portal.md "Login insight"). Only operators are members of it; the role is checked as well.
  if (principal.role === 'operator' && organisationId === OPERATOR_SCOPE) {
    const scope: StatisticsScope = { kind: 'all' };
    return { scope, integrationIds: [...snapshot.integrations.keys()], snapshot };
  }
  const integrationIds = [...snapshot.integrations.values()]
    .filter((e) => e.integration.organisationOid === organisationId)
    .map((e) => e.integration.id);
  const serviceIds = [...snapshot.services.values()]
    .filter((e) => e.service.organisationOid === organisationId)
    .map((e) => e.service.id);
  const serviceSide =
    principal.role.startsWith('service') || (integrationIds.length === 0 && serviceIds.length > 0);
  const scope: StatisticsScope = serviceSide
    ? { kind: 'services', serviceIds }
    : { kind: 'integrations', integrationIds };
  return { scope, integrationIds: serviceSide ? [] : integrationIds, snapshot };
}

function namesOf(snapshot: RegistrySnapshot): InsightNames {
  return {
    services: Object.fromEntries([...snapshot.services].map(([id, e]) => [id, e.service.name])),
    integrations: Object.fromEntries(
      [...snapshot.integrations].map(([id, e]) => [id, e.integration.discovery.displayName ?? {}]),
    ),
  };
}
