import type { PassiConfig } from '../../config/config-schema.ts';
import { startPeriodicRun } from '../mail/periodic-run.ts';
import { sendWeeklySummaries, type WeeklySummaryDeps } from './send-weekly-summaries.ts';
import type { SummarySchedule } from './summary-week.ts';

/** How often a node looks for a due summary; a week stays due all week, so a missed look costs nothing. */
const CHECK_INTERVAL_MS = 10 * 60_000;
/** The first look, soon after start, so a node started after the send hour does not wait a full interval. */
const FIRST_CHECK_MS = 60_000;

/** Whether this deployment sends the weekly summary (PASSI_WEEKLY_SUMMARY, docs/operations.md). */
export function weeklySummaryEnabled(config: PassiConfig): boolean {
  return mailSettingOn(config, config.weeklySummary);
}

/** Whether this deployment sends expiry notices (PASSI_EXPIRY_NOTICES), decided apart from the summary. */
export function expiryNoticesEnabled(config: PassiConfig): boolean {
  return mailSettingOn(config, config.expiryNotices);
}

/** `auto` sends where mail can reach people: in production with a mail server configured. */
function mailSettingOn(config: PassiConfig, setting: 'auto' | 'on' | 'off'): boolean {
  if (setting === 'auto') return config.mode === 'production' && Boolean(config.smtpUrl);
  return setting === 'on';
}

/** The schedule from the configuration; the time zone is Finnish time, as schools keep it. */
export function weeklySummarySchedule(config: PassiConfig): SummarySchedule {
  return { day: config.weeklySummaryDay, hour: config.weeklySummaryHour, timeZone: 'Europe/Helsinki' };
}

/** Runs the weekly summary on this node's timer; every node may, the claims keep each mail single. */
export function startWeeklySummary(deps: WeeklySummaryDeps, onError: (e: unknown) => void): () => void {
  return startPeriodicRun(
    () => sendWeeklySummaries(deps, new Date()),
    { firstMs: FIRST_CHECK_MS, everyMs: CHECK_INTERVAL_MS },
    onError,
  );
}
