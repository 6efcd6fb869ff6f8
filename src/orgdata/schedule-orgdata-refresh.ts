/**
 * Runs the organisation-data refresh on a fixed interval. Runs never overlap;
 * the timer does not keep the process alive. Returns a stop function for shutdown.
 */
export interface OrgdataScheduleOptions {
  intervalMs: number;
  run: () => Promise<unknown>;
  onError: (error: unknown) => void;
}

export function scheduleOrgdataRefresh(options: OrgdataScheduleOptions): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    options
      .run()
      .catch(options.onError)
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
