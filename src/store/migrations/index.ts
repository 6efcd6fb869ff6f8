import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as orgdata from './0100-orgdata.ts';
import * as loginReport from './0200-login-report.ts';
import * as upstreamMetadata from './0300-upstream-metadata.ts';
import * as orgdataMunicipality from './0400-orgdata-municipality.ts';
import * as rateLimit from './0500-rate-limit.ts';
import * as sessionHashedKey from './0600-session-hashed-key.ts';
import * as upstreamMetadataCertificateChange from './0700-upstream-metadata-certificate-change.ts';
import * as portal from './0800-portal.ts';
import * as portalApiToken from './0900-portal-api-token.ts';
import * as portalWebauthn from './0910-portal-webauthn.ts';
import * as loginDaily from './0920-login-daily.ts';
import * as portalJoin from './0930-portal-join.ts';
import * as loginReportAge from './0950-login-report-age.ts';
import * as loginStatisticsDimensions from './0960-login-statistics-dimensions.ts';
import * as weeklySummary from './0975-weekly-summary.ts';
import * as registryRevision from './0980-registry-revision.ts';
import * as integrationTestLogin from './0982-integration-test-login.ts';
import * as serviceAgreement from './0986-service-agreement.ts';
import * as expiryNoticesAndLogos from './0988-expiry-notices-and-logos.ts';
import * as upstreamMetadataNotify from './0990-upstream-metadata-notify.ts';

/**
 * Every migration, in order. A static list (not a folder scan) so the set is explicit and works under
 * any loader. Names sort in application order.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0100-orgdata': orgdata,
  '0200-login-report': loginReport,
  '0300-upstream-metadata': upstreamMetadata,
  '0400-orgdata-municipality': orgdataMunicipality,
  '0500-rate-limit': rateLimit,
  '0600-session-hashed-key': sessionHashedKey,
  '0700-upstream-metadata-certificate-change': upstreamMetadataCertificateChange,
  '0800-portal': portal,
  '0900-portal-api-token': portalApiToken,
  '0910-portal-webauthn': portalWebauthn,
  '0920-login-daily': loginDaily,
  '0930-portal-join': portalJoin,
  '0950-login-report-age': loginReportAge,
  '0960-login-statistics-dimensions': loginStatisticsDimensions,
  '0975-weekly-summary': weeklySummary,
  '0980-registry-revision': registryRevision,
  '0982-integration-test-login': integrationTestLogin,
  '0986-service-agreement': serviceAgreement,
  '0988-expiry-notices-and-logos': expiryNoticesAndLogos,
  '0990-upstream-metadata-notify': upstreamMetadataNotify,
};
