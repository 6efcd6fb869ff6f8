import type { PassiConfig } from '../../config/config-schema.ts';
import { sendWeeklySummaries, type WeeklySummaryDeps } from './send-weekly-summaries.ts';
import type { SummarySchedule } from './summary-week.ts';

/** How often a node looks for a due summary; a week stays due all week, so a missed look costs nothing. */
const CHECK_INTERVAL_MS = 10 * 60_000;
/** The first look, soon after start, so a node started after the send hour does not wait a full interval. */
const FIRST_CHECK_MS = 60_000;

/** Whether this deployment sends the weekly summary (PASSI_WEEKLY_SUMMARY, docs/operations.md). */
export function weeklySummaryEnabled(config: PassiConfig): boolean {
  if (config.weeklySummary === 'auto') return config.mode === 'production' && Boolean(config.smtpUrl);
  return config.weeklySummary === 'on';
}

/** The schedule from the configuration; the time zone is Finnish time, as schools keep it. */
export function weeklySummarySchedule(config: PassiConfig): SummarySchedule {
  return { day: config.weeklySummaryDay, hour: config.weeklySummaryHour, timeZone: 'Europe/Helsinki' };
}

/** Runs the weekly summary on this node's timer; every node may, the claims keep each mail single. */
export function startWeeklySummary(deps: WeeklySummaryDeps, onError: (e: unknown) => void): () => void {
  let running = false;
  const check = () => {
    // One run at a time on this node: a slow SMTP server must not make runs pile up.
    if (running) return;
    running = true;
    sendWeeklySummaries(deps, new Date())
      .catch(onError)
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(check, FIRST_CHECK_MS);
  first.unref();
  const timer = setInterval(check, CHECK_INTERVAL_MS);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
