import { readFile } from 'node:fs/promises';
import type { Db } from '../store/database.ts';
import type { Organisation, OrganisationKind } from './organisation.ts';
import type { OrganisationServiceClient } from './organisation-service-client.ts';
import { createOrgdataRepository } from './orgdata-repository.ts';
import type { OrgdataStore } from './orgdata-store.ts';
import { parseOrganisationService } from './parse-organisation-service.ts';

export interface OrgdataRefreshOptions {
  /** A recorded organisation-service response (`passi orgdata refresh --from-file F`). */
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
 * Refreshes the organisation data (issue 5 §5): from a file, from the change feed since the last
 * refresh, or as a full hierarchy load (which includes closed organisations, so closures are seen).
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
  if (options.fromFile) {
    mode = 'file';
    source = `file:${options.fromFile}`;
    const json: unknown = JSON.parse(await readFile(options.fromFile, 'utf8'));
    organisations = parseOrganisationService(json, { source, today });
  } else if (options.client) {
    const client = options.client;
    const last = options.full ? undefined : await store.lastRefresh();
    if (last) {
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
  const stored = await store.upsertMany(organisations);
  await store.recordRefresh(source, now);
  const byKind: Record<OrganisationKind, number> = { koulutustoimija: 0, oppilaitos: 0, toimipiste: 0 };
  for (const org of organisations) byKind[org.kind] += 1;
  const active = organisations.filter((o) => o.active).length;
  return { source, mode, stored, active, inactive: organisations.length - active, byKind };
}

/** `passi orgdata refresh [--from-file F]`: refreshes the store's organisation table. */
export function runOrgdataRefresh(db: Db, options: OrgdataRefreshOptions): Promise<OrgdataRefreshSummary> {
  return refreshOrgdata(createOrgdataRepository(db), options);
}
