/**
 * The UTC day the logins a test is about to make will be counted on (the daily statistics count UTC
 * days). When UTC midnight is nearer than `marginMs`, waits until it has passed, so a run that starts at
 * 23:59 does not split its logins over two days.
 */
export async function oneUtcDay(marginMs = 180_000): Promise<string> {
  const now = Date.now();
  const nextMidnight = Math.ceil((now + 1) / 86_400_000) * 86_400_000;
  if (nextMidnight - now < marginMs) await new Promise((r) => setTimeout(r, nextMidnight - now + 1_000));
  return new Date().toISOString().slice(0, 10);
}
