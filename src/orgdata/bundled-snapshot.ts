import type { Organisation } from './organisation.ts';
import { orgdataSnapshotSchema } from './organisation-schema.ts';
import snapshot from './snapshot/orgdata-snapshot.json' with { type: 'json' };

/** The organisation records shipped with Passi (test organisations only), validated on first use. */
export function bundledOrganisations(): Organisation[] {
  return orgdataSnapshotSchema.parse(snapshot).organisations;
}
