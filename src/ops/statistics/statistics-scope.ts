/**
 * Whose logins a query may see, decided on the server from the caller's organisation and role (docs/
 * portal.md "Roles"): an education provider its own integrations' logins, a service provider its own
 * services' logins, the operator everything. An empty list sees nothing — never everything.
 */
export type StatisticsScope =
  | { kind: 'all' }
  | { kind: 'integrations'; integrationIds: readonly string[] }
  | { kind: 'services'; serviceIds: readonly string[] };

/** The longest date range one query may cover: the 25 months the daily rows are kept (and a few days). */
export const STATISTICS_MAX_DAYS = 800;
