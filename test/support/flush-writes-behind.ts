import type { NamedWritesBehind } from '../../src/store/state/writes-behind.ts';

/** Writes everything the embedded store holds behind the logins, kind after kind (a test that reads the table now). */
export async function flushWritesBehind(kinds: readonly NamedWritesBehind[]): Promise<void> {
  for (const { writes } of kinds) await writes.flush();
}
