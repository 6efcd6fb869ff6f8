/** When a node looks for due mails: soon after start, then every `everyMs`. */
export interface PeriodicTiming {
  firstMs: number;
  everyMs: number;
}

/**
 * Runs `run` on this node's timer, one run at a time (a slow SMTP server must not make runs pile up).
 * Every node may run it: the mails' claims (claimed-sends.ts) keep each mail single. Returns the stop.
 */
export function startPeriodicRun(
  run: () => Promise<unknown>,
  timing: PeriodicTiming,
  onError: (e: unknown) => void,
): () => void {
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    run()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(check, timing.firstMs);
  first.unref();
  const timer = setInterval(check, timing.everyMs);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
