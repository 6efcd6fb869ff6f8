import type { PassiConfig } from '../config/config-schema.ts';
import { createOrganisationServiceClient } from '../orgdata/organisation-service-client.ts';
import { runOrgdataRefresh } from '../orgdata/refresh-orgdata.ts';
import type { Db } from '../store/database.ts';

/**
 * `passi orgdata refresh [--from-file F | --full]`: from a recorded response, or from the
 * service (the change feed since the last service refresh; `--full` reloads the whole hierarchy).
 */
export async function orgdataCommand(
  db: Db,
  config: PassiConfig,
  positionals: string[],
  fromFile: string | undefined,
  full = false,
): Promise<number> {
  if (positionals[0] !== 'refresh') {
    console.error('usage: passi orgdata refresh [--from-file FILE | --full]');
    return 2;
  }
  const summary = await runOrgdataRefresh(db, {
    fromFile,
    client: fromFile
      ? undefined
      : createOrganisationServiceClient({
          callerId: config.orgdataCallerId,
          baseUrl: config.orgdataServiceUrl,
        }),
    rootOids: config.orgdataRootOids ? config.orgdataRootOids.split(',') : undefined,
    full,
  });
  const kinds = Object.entries(summary.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `organisation data refreshed from ${summary.source} (${summary.mode}): ${summary.stored} stored, ${summary.active} active, ${summary.inactive} inactive (${kinds})`,
  );
  return 0;
}
