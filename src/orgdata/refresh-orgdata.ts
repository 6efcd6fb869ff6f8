import { readFile } from 'node:fs/promises';
import type { Db } from '../store/database.ts';
import {
  type MunicipalityNames,
  parseMunicipalityNames,
  withMunicipalityNames,
} from './municipality-names.ts';
import type { Organisation, OrganisationKind } from './organisation.ts';
import type { OrganisationServiceClient } from './organisation-service-client.ts';
import { createOrgdataRepository } from './orgdata-repository.ts';
import type { OrgdataStore } from './orgdata-store.ts';
import { parseOrganisationService } from './parse-organisation-service.ts';

export interface OrgdataRefreshOptions {
  /**
   * A recorded response (`passi orgdata refresh --from-file F`): an organisation-service response as it
   * came (hierarkia/hae, a list of OrganisaatioRDTOV4, or one), or, to include municipality names,
   * `{ "organisations": <that>, "municipalities": <koodisto kunta/koodi response> }` (docs/operations.md).
   */
  fromFile?: string;
  /** The organisation service; required unless `fromFile` is given. */
  client?: OrganisationServiceClient;
  /** Subtrees to load on a full refresh (`hierarkia/hae?oid=`); default: the whole tree. */
  rootOids?: readonly string[];
  /** Ignore the change feed and load everything. */
  full?: boolean;
  now?: Date;
}

export interface OrgdataRefreshSummary {
  source: string;
  mode: 'file' | 'full' | 'changes';
  stored: number;
  active: number;
  inactive: number;
  byKind: Record<OrganisationKind, number>;
}

/**
 * Refreshes the organisation data: from a file, from the change feed since the last
 * refresh, or as a full hierarchy load (which includes closed organisations, so closures are seen).
 * Municipality names come from the koodisto, loaded first on every service refresh so that a failure
 * writes nothing (https://virkailija.opintopolku.fi/organisaatio-service/swagger-ui/index.html).
 */
export async function refreshOrgdata(
  store: OrgdataStore,
  options: OrgdataRefreshOptions,
): Promise<OrgdataRefreshSummary> {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  let organisations: Organisation[];
  let source: string;
  let mode: OrgdataRefreshSummary['mode'];
  let names: MunicipalityNames = new Map();
  if (options.fromFile) {
    mode = 'file';
    source = `file:${options.fromFile}`;
    const recorded = splitRecording(JSON.parse(await readFile(options.fromFile, 'utf8')));
    if (recorded.municipalities !== undefined) names = parseMunicipalityNames(recorded.municipalities);
    organisations = parseOrganisationService(recorded.organisations, { source, today });
  } else if (options.client) {
    const client = options.client;
    names = parseMunicipalityNames(await client.municipalities());
    // The change feed continues from the last refresh *from the service*; a recorded file says nothing
    // about what changed at OPH since, so after one the next service refresh is a full load.
    const last = options.full ? undefined : await store.lastRefresh();
    if (last && !last.source.startsWith('file:')) {
      mode = 'changes';
      source = `${client.baseUrl}/api/muutetut`;
      organisations = parseOrganisationService(await client.changedSince(last.at), { source, today });
    } else {
      mode = 'full';
      source = `${client.baseUrl}/api/hierarkia/hae`;
      organisations = [];
      const roots = options.rootOids && options.rootOids.length > 0 ? options.rootOids : [undefined];
      for (const oid of roots) {
        const json = await client.searchHierarchy({
          oid,
          aktiiviset: true,
          suunnitellut: false,
          lakkautetut: true,
        });
        organisations.push(...parseOrganisationService(json, { source, today }));
      }
    }
  } else {
    throw new TypeError('refreshOrgdata: give fromFile or client');
  }
  organisations = withMunicipalityNames(organisations, names);
  const stored = await store.upsertMany(organisations);
  await store.recordRefresh(source, now);
  const byKind: Record<OrganisationKind, number> = { koulutustoimija: 0, oppilaitos: 0, toimipiste: 0 };
  for (const org of organisations) byKind[org.kind] += 1;
  const active = organisations.filter((o) => o.active).length;
  return { source, mode, stored, active, inactive: organisations.length - active, byKind };
}

/** A recorded file: the organisation-service response alone, or wrapped with the koodisto response. */
function splitRecording(json: unknown): { organisations: unknown; municipalities?: unknown } {
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && 'organisations' in json) {
    return {
      organisations: json.organisations,
      municipalities: 'municipalities' in json ? json.municipalities : undefined,
    };
  }
  return { organisations: json };
}

/** `passi orgdata refresh [--from-file F]`: refreshes the store's organisation table. */
export function runOrgdataRefresh(db: Db, options: OrgdataRefreshOptions): Promise<OrgdataRefreshSummary> {
  return refreshOrgdata(createOrgdataRepository(db), options);
}
