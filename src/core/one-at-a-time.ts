/**
 * Wraps `task` so that each call starts only after the previous call's run has settled, in call order, and
 * resolves or rejects with its own run: a write that gathers what is pending when it starts never runs
 * beside another one, and a caller who awaits it knows that everything pending at its call was handled.
 */
export function oneAtATime(task: () => Promise<void>): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => {
    const run = last.then(task);
    last = run.catch(() => {});
    return run;
  };
}
