import { z } from 'zod';
import type { Principal } from '../domain/principal.ts';
import type { TermsVersion } from '../store/terms-store.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { requireOperator } from './require-operator.ts';

/** The text of one language version: long enough for real terms, bounded so a form cannot fill the store. */
const termsText = z.string().trim().min(20).max(50_000);

export const publishTermsSchema = z
  .object({ fi: termsText, sv: termsText, en: termsText })
  .strict()
  .describe('The terms of service in Finnish, Swedish and English (20–50 000 characters each).');

export type PublishTermsInput = z.infer<typeof publishTermsSchema>;

/** The newest published version is the current one; undefined: joining is closed (docs/portal.md). */
export async function currentTerms(
  deps: Pick<PortalDeps, 'db' | 'clock'>,
): Promise<TermsVersion | undefined> {
  return portalStores(deps.db, deps.clock).terms.current();
}

export async function listTerms(
  deps: PortalDeps,
  principal: Principal,
  ip?: string,
): Promise<TermsVersion[]> {
  await requireOperator(deps, principal, 'list terms of service', ip);
  return portalStores(deps.db, deps.clock).terms.list();
}

/** Publishes a new version (audited); from now on the join form asks applicants to accept it. */
export async function publishTerms(
  deps: PortalDeps,
  principal: Principal,
  input: PublishTermsInput,
  ip?: string,
): Promise<TermsVersion> {
  await requireOperator(deps, principal, 'publish terms of service', ip);
  return deps.db.transaction().execute(async (tx) => {
    const stores = portalStores(tx, deps.clock);
    const version = await stores.terms.publish(input, principal.personId, deps.clock.now(), tx);
    await stores.audit.record(
      {
        actor: principal.personId,
        action: 'terms-published',
        organisationId: principal.organisationId,
        subject: String(version.id),
        ip,
        detail: { sha256: version.sha256 },
      },
      tx,
    );
    return version;
  });
}
