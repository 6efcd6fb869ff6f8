import type { Kysely } from 'kysely';
import type { HealthTables } from '../ops/health/health-tables.ts';
import type { WeeklySummaryTables } from '../ops/summary/weekly-summary-tables.ts';
import type { IntegrationTestTables } from '../portal/store/integration-test-tables.ts';
import type { LogoTables } from '../portal/store/logo-tables.ts';
import type { PortalTables } from '../portal/store/portal-tables.ts';
import type { FoundationTables } from './tables/foundation-tables.ts';
import type { LoginDailyTables } from './tables/login-daily-tables.ts';
import type { LoginReportTables } from './tables/login-report-tables.ts';
import type { OrgdataTables } from './tables/orgdata-tables.ts';
import type { RateLimitTables } from './tables/rate-limit-tables.ts';
import type { ServiceAgreementTables } from './tables/service-agreement-tables.ts';
import type { UpstreamMetadataTables } from './tables/upstream-metadata-tables.ts';

/** Every table of the Passi store. Feature folders add their table interfaces here. */
export type Database = FoundationTables &
  OrgdataTables &
  LoginReportTables &
  LoginDailyTables &
  UpstreamMetadataTables &
  RateLimitTables &
  PortalTables &
  WeeklySummaryTables &
  IntegrationTestTables &
  ServiceAgreementTables &
  HealthTables &
  LogoTables;

export type Db = Kysely<Database>;
