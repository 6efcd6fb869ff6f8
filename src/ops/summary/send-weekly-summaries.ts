import type { Mailer } from '../../portal/mail/mailer.ts';
import type { Organisation } from '../../registry/organisation-schema.ts';
import type { RegistrySnapshot } from '../../registry/registry-snapshot.ts';
import type { Db } from '../../store/database.ts';
import { normaliseSummaryEmail, optedOut, summaryOff } from './summary-opt-outs.ts';
import {
  claimSend,
  deleteOldSends,
  finishedSends,
  markSent,
  markSkipped,
  releaseSend,
  type SummarySendKey,
} from './summary-send-claims.ts';
import { dueSummaryWeek, type SummarySchedule, type SummaryWeek } from './summary-week.ts';
import { unsubscribeLink } from './unsubscribe-token.ts';
import { hasNews, type WeeklySummary, weeklySummaryOf } from './weekly-summary-content.ts';
import { weeklySummaryMail } from './weekly-summary-mail.ts';

export interface WeeklySummaryDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  /** The HMAC key of unsubscribe links, derived from PASSI_SECRET_KEY. */
  unsubscribeSecret: Buffer;
  registry: () => Promise<RegistrySnapshot>;
  schedule: SummarySchedule;
  log: {
    info(fields: object, message: string): void;
    warn(fields: object, message: string): void;
    error(fields: object, message: string): void;
  };
}

export interface SummaryRun {
  /** The week that was due, if any. */
  week?: string;
  sent: number;
  failed: number;
}

/** The education providers with integrations, and the technical contacts of each (lower case, once). */
function recipientsOf(snapshot: RegistrySnapshot) {
  const integrations = new Map<string, string[]>();
  for (const { integration } of snapshot.integrations.values()) {
    integrations.set(integration.organisationOid, [
      ...(integrations.get(integration.organisationOid) ?? []),
      integration.id,
    ]);
  }
  return [...snapshot.organisations]
    .filter(([id, org]) => org.roles.includes('educationProvider') && integrations.has(id))
    .map(([id, org]) => ({
      id,
      org,
      integrationIds: integrations.get(id) ?? [],
      emails: [
        ...new Set(
          (org.contacts ?? [])
            .filter((c) => c.kind === 'technical')
            .map((c) => normaliseSummaryEmail(c.email)),
        ),
      ],
    }));
}

/**
 * One run of the weekly summary (docs/operations.md "Weekly summary"): when a week is due, each education
 * provider with integrations gets its summary, one mail per technical contact who has not unsubscribed,
 * if the week had a login or a problem. Every node runs this; each mail is claimed first
 * (summary-send-claims.ts), so it goes out once. A send that throws is released for a later run.
 */
export async function sendWeeklySummaries(deps: WeeklySummaryDeps, now: Date): Promise<SummaryRun> {
  await deleteOldSends(deps.db, now);
  const due = dueSummaryWeek(now, deps.schedule);
  if (!due) return { sent: 0, failed: 0 };
  const run: SummaryRun = { week: due.week, sent: 0, failed: 0 };
  const finished = await finishedSends(deps.db, due.week);
  for (const target of recipientsOf(await deps.registry())) {
    // One organisation's trouble (a query that fails) must not hold up the others' mail.
    try {
      const counts = await sendForOrganisation(deps, target, due, finished, now);
      run.sent += counts.sent;
      run.failed += counts.failed;
    } catch (e) {
      run.failed++;
      deps.log.warn(
        { err: e, organisationId: target.id, week: due.week },
        'weekly summary failed; the next run retries',
      );
    }
  }
  if (run.sent || run.failed) deps.log.info({ summary: run }, 'weekly summary run');
  return run;
}

type Target = ReturnType<typeof recipientsOf>[number];

/** One organisation's mails of the due week: to each open, subscribed address, or recorded as skipped. */
async function sendForOrganisation(
  deps: WeeklySummaryDeps,
  target: Target,
  due: SummaryWeek,
  finished: Set<string>,
  now: Date,
): Promise<{ sent: number; failed: number }> {
  const counts = { sent: 0, failed: 0 };
  const open = target.emails.filter((e) => !finished.has(`${target.id}\n${e}`));
  if (open.length === 0 || (await summaryOff(deps.db, target.id))) return counts;
  const unsubscribed = await optedOut(deps.db, target.id);
  const to = open.filter((e) => !unsubscribed.has(e));
  if (to.length === 0) return counts;
  const keyOf = (email: string): SummarySendKey => ({ organisationId: target.id, week: due.week, email });
  const summary = await weeklySummaryOf(deps.db, {
    organisationId: target.id,
    integrationIds: target.integrationIds,
    week: due,
  });
  if (!hasNews(summary)) {
    await markSkipped(deps.db, to.map(keyOf), now);
    return counts;
  }
  for (const email of to) {
    const outcome = await sendOne(deps, target.org, keyOf(email), summary, now);
    if (outcome === 'sent') counts.sent++;
    else if (outcome === 'failed') counts.failed++;
  }
  return counts;
}

async function sendOne(
  deps: WeeklySummaryDeps,
  org: Organisation,
  key: SummarySendKey,
  summary: WeeklySummary,
  now: Date,
): Promise<'sent' | 'failed' | 'not-mine'> {
  if (!(await claimSend(deps.db, key, now))) return 'not-mine';
  const mail = weeklySummaryMail(summary, {
    to: key.email,
    organisationName: org.name,
    publicUrl: deps.publicUrl,
    unsubscribeLink: unsubscribeLink(deps.publicUrl, deps.unsubscribeSecret, key),
  });
  try {
    await deps.mailer.send(mail);
  } catch (e) {
    const givenUp = await releaseSend(deps.db, key, now);
    // The address is the organisation's published contact, not a person logging in.
    deps.log[givenUp ? 'error' : 'warn'](
      { err: e, organisationId: key.organisationId, week: key.week },
      givenUp ? 'weekly summary could not be sent; given up' : 'weekly summary could not be sent; will retry',
    );
    return 'failed';
  }
  await markSent(deps.db, key, now);
  return 'sent';
}
