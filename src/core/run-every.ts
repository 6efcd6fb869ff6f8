/**
 * Runs `task` every `intervalMs` until the returned function is called; the timer does not keep the
 * process alive. A failure is reported once until a run succeeds again: during a store outage the log gets
 * one line, not one per interval.
 */
export function runEvery(
  intervalMs: number,
  task: () => Promise<void>,
  onError: (e: unknown) => void,
): () => void {
  let failing = false;
  const timer = setInterval(() => {
    task().then(
      () => {
        failing = false;
      },
      (e: unknown) => {
        if (!failing) onError(e);
        failing = true;
      },
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
