import { sql } from 'kysely';
import { type HealthItem, healthItems } from '../../ops/health/health-items.ts';
import { integrationSchema } from '../../registry/integration-schema.ts';
import { serviceSchema } from '../../registry/service-schema.ts';
import type { Db } from '../../store/database.ts';
import { createIdpMetadataStore } from '../../upstream/saml/idp-metadata-store.ts';
import type { Principal } from '../domain/principal.ts';
import { OPERATOR_SCOPE } from '../domain/roles.ts';
import { authoriseOrganisation } from './organisation-access.ts';
import type { PortalDeps } from './portal-deps.ts';

export interface OrganisationHealth {
  organisationId: string;
  /** Whether the list is for every organisation (an operator on `passi`). */
  everyOrganisation: boolean;
  /** Whether test-login results are known; when not, "never tested" is not reported. */
  testResultsKnown: boolean;
  items: HealthItem[];
}

/**
 * What needs attention in the organisation's integrations and services (docs/portal.md "Needs attention"):
 * expiring certificates, metadata and client secrets, failed metadata refreshes, integrations never
 * tested. Every role of the organisation reads it; operators on their own scope (`passi`) get every
 * organisation's items.
 */
export async function organisationHealth(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<OrganisationHealth> {
  await authoriseOrganisation(deps, principal, organisationId, { what: 'read health', change: false }, ip);
  const everyOrganisation = organisationId === OPERATOR_SCOPE && principal.role === 'operator';
  const scope = everyOrganisation ? undefined : organisationId;
  const metadata = createIdpMetadataStore({ db: deps.db, clock: deps.clock });
  const items = await healthItems({
    now: deps.clock.now(),
    integrations: await registryDocs(deps.db, 'integration', scope, integrationSchema),
    services: await registryDocs(deps.db, 'service', scope, serviceSchema),
    metadataStatus: (id) => metadata.status(id),
    testLogins: deps.testLogins,
  });
  return { organisationId, everyOrganisation, testResultsKnown: deps.testLogins !== undefined, items };
}

/** The stored documents of one kind, of one organisation or of all; a document that does not parse is skipped. */
async function registryDocs<T>(
  db: Db,
  kind: 'integration' | 'service',
  organisationId: string | undefined,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
): Promise<T[]> {
  let query = db.selectFrom('registry_entity').select('doc').where('kind', '=', kind);
  if (organisationId !== undefined)
    query = query.where(sql<string>`doc->>'organisationOid'`, '=', organisationId);
  const rows = await query.orderBy('id').execute();
  return rows.flatMap((r) => {
    const parsed = schema.safeParse(r.doc);
    return parsed.success ? [parsed.data] : [];
  });
}
