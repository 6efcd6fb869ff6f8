import type { Mailer } from '../../portal/mail/mailer.ts';
import type { RegistrySnapshot } from '../../registry/registry-snapshot.ts';
import type { Db } from '../../store/database.ts';
import type { IdpMetadataStatus } from '../../upstream/saml/idp-metadata-store.ts';
import { startPeriodicRun } from '../mail/periodic-run.ts';
import { normaliseSummaryEmail } from '../summary/summary-opt-outs.ts';
import {
  claimNotice,
  deleteOldNotices,
  type ExpiryNoticeKey,
  markNoticeSent,
  releaseNotice,
} from './expiry-notice-claims.ts';
import { expiryNoticeMail } from './expiry-notice-mail.ts';
import { EXPIRY_PROBLEMS, type HealthItem, healthItems } from './health-items.ts';

/** Days before an expiry when the technical contacts are told: once at 30, once more at 7. */
export const NOTICE_THRESHOLDS = [30, 7] as const;

export interface ExpiryNoticeDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  registry: () => Promise<RegistrySnapshot>;
  metadataStatus: (integrationId: string) => Promise<IdpMetadataStatus | undefined>;
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}

/** The threshold an item has reached (the smallest one not above its days left), if any. */
export function thresholdOf(item: HealthItem): number | undefined {
  if (item.daysLeft === undefined) return undefined;
  const days = item.daysLeft;
  return [...NOTICE_THRESHOLDS].sort((a, b) => a - b).find((t) => days <= t);
}

/** An item's identity across runs: a renewed certificate or secret (another date) is a new item. */
export const itemKey = (item: HealthItem) =>
  `${item.entity.kind}:${item.entity.id}:${item.problem}:${item.expiresAt?.toISOString().slice(0, 10) ?? ''}`;

/**
 * One run of the expiry notices (docs/portal.md "Needs attention"): every expiring item of every
 * organisation, to the organisation's technical contacts, once per item, threshold and address. Every node
 * runs this; each notice is claimed first (expiry-notice-claims.ts), so it goes out once.
 */
export async function sendExpiryNotices(
  deps: ExpiryNoticeDeps,
  now: Date,
): Promise<{ sent: number; failed: number }> {
  await deleteOldNotices(deps.db, now);
  const snapshot = await deps.registry();
  const items = await healthItems({
    now,
    integrations: [...snapshot.integrations.values()].map((e) => e.integration),
    services: [...snapshot.services.values()].map((e) => e.service),
    metadataStatus: deps.metadataStatus,
  });
  const run = { sent: 0, failed: 0 };
  for (const item of items) {
    const threshold = thresholdOf(item);
    if (threshold === undefined || !EXPIRY_PROBLEMS.includes(item.problem)) continue;
    const contacts = snapshot.organisations.get(item.organisationId)?.contacts ?? [];
    const emails = new Set(
      contacts.filter((c) => c.kind === 'technical').map((c) => normaliseSummaryEmail(c.email)),
    );
    for (const email of emails) {
      const key: ExpiryNoticeKey = {
        itemKey: itemKey(item),
        threshold,
        email,
        organisationId: item.organisationId,
      };
      if (!(await claimNotice(deps.db, key, now))) continue;
      try {
        await deps.mailer.send(expiryNoticeMail(item, { to: email, publicUrl: deps.publicUrl }));
        await markNoticeSent(deps.db, key, now);
        run.sent++;
      } catch (e) {
        run.failed++;
        const givenUp = await releaseNotice(deps.db, key, now);
        deps.log.warn({ err: e, notice: key, givenUp }, 'expiry notice could not be sent');
      }
    }
  }
  if (run.sent || run.failed) deps.log.info({ expiryNotices: run }, 'expiry notice run');
  return run;
}

/** How often a node looks for due notices; a threshold stays due for days, so a missed look costs nothing. */
const CHECK_INTERVAL_MS = 60 * 60_000;
const FIRST_CHECK_MS = 5 * 60_000;

/** Runs the expiry notices on this node's timer, like the weekly summary; the claims keep each mail single. */
export function startExpiryNotices(deps: ExpiryNoticeDeps, onError: (e: unknown) => void): () => void {
  return startPeriodicRun(
    () => sendExpiryNotices(deps, new Date()),
    { firstMs: FIRST_CHECK_MS, everyMs: CHECK_INTERVAL_MS },
    onError,
  );
}
