import { bundledOrganisations } from '../orgdata/bundled-snapshot.ts';
import type { Organisation } from '../orgdata/organisation.ts';
import type { OrgdataLookup } from '../orgdata/orgdata-lookup.ts';
import { createOrgdataRepository } from '../orgdata/orgdata-repository.ts';
import type { Db } from '../store/database.ts';
import { createSchoolDirectory, type SchoolDirectory } from './school-directory.ts';

/**
 * Keeps a SchoolDirectory in step with the app's organisation data: the app swaps its OrgdataLookup
 * after a refresh, and the directory (with its by-parent index) is rebuilt from the same records the
 * next time discovery asks. A failed load is retried on the next request.
 */
export function followOrgdata(
  lookup: () => OrgdataLookup,
  loadRecords: () => Promise<Iterable<Organisation>>,
): () => Promise<SchoolDirectory> {
  let basis: OrgdataLookup | undefined;
  let current: Promise<SchoolDirectory> | undefined;
  return () => {
    const now = lookup();
    if (current && basis === now) return current;
    basis = now;
    const loading = loadRecords().then(createSchoolDirectory);
    current = loading;
    loading.catch(() => {
      if (current === loading) current = undefined;
    });
    return loading;
  };
}

/** The records the app's OrgdataLookup is built from (orgdata-repository.ts `loadOrgdataLookup`). */
export async function loadAllOrganisations(db: Db): Promise<Organisation[]> {
  return [...bundledOrganisations(), ...(await createOrgdataRepository(db).loadAll())];
}
