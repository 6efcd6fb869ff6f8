import { optedOut, summaryOff } from '../../ops/summary/summary-opt-outs.ts';
import type { Principal } from '../domain/principal.ts';
import { authoriseOrganisation } from './organisation-access.ts';
import { organisationOf, organisationRegistryOf } from './organisation-registry.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

export interface WeeklySummaryState {
  organisationId: string;
  /** Whether the organisation gets the weekly summary at all (docs/operations.md "Weekly summary"). */
  on: boolean;
  /** Addresses that unsubscribed from it themselves, in order. */
  unsubscribed: string[];
}

/** Whether the organisation's weekly summary is on, and who unsubscribed; anyone who may see the organisation. */
export async function weeklySummaryState(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<WeeklySummaryState> {
  await authoriseOrganisation(
    deps,
    principal,
    organisationId,
    { what: 'see the weekly summary', change: false },
    ip,
  );
  await organisationOf(organisationRegistryOf(deps), organisationId);
  return {
    organisationId,
    on: !(await summaryOff(deps.db, organisationId)),
    unsubscribed: [...(await optedOut(deps.db, organisationId))].sort(),
  };
}

/**
 * Switches the organisation's weekly summary off or on for every contact: main users and operators only.
 * Audited; the addresses that unsubscribed themselves stay unsubscribed either way.
 */
export async function switchWeeklySummary(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  on: boolean,
  ip: string,
): Promise<WeeklySummaryState> {
  await authoriseOrganisation(
    deps,
    principal,
    organisationId,
    { what: 'switch the weekly summary', change: true },
    ip,
  );
  await organisationOf(organisationRegistryOf(deps), organisationId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (on) await tx.deleteFrom('weekly_summary_off').where('organisation_id', '=', organisationId).execute();
    else
      await tx
        .insertInto('weekly_summary_off')
        .values({ organisation_id: organisationId, changed_by: principal.personId, changed_at: now })
        .onConflict((oc) => oc.column('organisation_id').doNothing())
        .execute();
    await portalStores(tx, deps.clock).audit.record({
      actor: principal.personId,
      action: 'weekly-summary-switched',
      organisationId,
      subject: organisationId,
      ip,
      detail: { on },
    });
  });
  return weeklySummaryState(deps, principal, organisationId, ip);
}
