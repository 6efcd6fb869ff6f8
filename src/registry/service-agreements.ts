import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { Integration } from './integration-schema.ts';
import { REGISTRY_CHANNEL } from './registry-repository.ts';
import type { Service } from './service-schema.ts';

/**
 * Services by agreement (docs/registry.md "Services by agreement"): which education provider may use which
 * such service. The login reads the accepted pairs from the registry snapshot, never from the database, so
 * they are loaded with it and every change bumps the registry version like any registry write.
 */

/** The snapshot's key of an accepted agreement: organisation OID and service id (neither contains NUL). */
export const agreementKey = (organisationOid: string, serviceId: string) =>
  `${organisationOid}\u0000${serviceId}`;

/** Every accepted (organisation, service) pair, as keys. */
export async function loadAcceptedAgreements(db: Db): Promise<ReadonlySet<string>> {
  const rows = await db
    .selectFrom('service_agreement')
    .select(['organisation_id', 'service_id'])
    .where('state', '=', 'accepted')
    .execute();
  return new Set(rows.map((r) => agreementKey(r.organisation_id, r.service_id)));
}

/**
 * Whether a login to `service` through `integration` still waits for an agreement: the service is by
 * agreement, not built in (`alwaysAllowed`), and the integration's organisation has none accepted.
 */
export function agreementMissing(
  accepted: ReadonlySet<string>,
  integration: Pick<Integration, 'organisationOid'>,
  service: Pick<Service, 'id' | 'access' | 'alwaysAllowed'>,
): boolean {
  if (service.alwaysAllowed || service.access !== 'agreement') return false;
  return !accepted.has(agreementKey(integration.organisationOid, service.id));
}

/**
 * Inside the transaction that changes an agreement: bumps the registry version and notifies every node
 * (delivered on commit, PostgreSQL NOTIFY semantics), as a registry write does, so each node reloads its
 * snapshot with the new accepted pairs within seconds. The caller calls the repository's `committed()`
 * after the commit for this node's own cache.
 */
export async function announceAgreementChange(tx: Db): Promise<void> {
  await tx
    .updateTable('registry_state')
    .set({ version: sql`version + 1` })
    .where('singleton', '=', 1)
    .execute();
  await sql`select pg_notify(${REGISTRY_CHANNEL}, '')`.execute(tx);
}
