import { constantTimeEqual } from '../../core/constant-time-equal.ts';
import type { RawAttributes } from '../../core/upstream-identity.ts';
import { TEST_ACCOUNTS, type TestAccountRecord } from './accounts-data.ts';

const BY_USERNAME: ReadonlyMap<string, TestAccountRecord> = new Map(
  TEST_ACCOUNTS.map((a) => [a.username, a]),
);

/**
 * The raw attributes the test directory sends for `username` (ADFS-style names), or `undefined`.
 * `mpassUserIdentity` is a stable directory id derived from the username, as a real directory's GUID.
 */
export function findTestAccount(username: string): RawAttributes | undefined {
  const account = BY_USERNAME.get(username);
  if (!account) return undefined;
  const raw: RawAttributes = { mpassUserIdentity: [`mansikkala-${account.username}`] };
  for (const [name, value] of Object.entries(account.fields)) {
    if (value !== undefined) raw[name] = [value];
  }
  return raw;
}

/**
 * Checks the documented password `<username>pwd` (https://wiki.eduuni.fi/display/OPHPALV/Test+accounts+available+for+testing) in constant time; returns the
 * raw attributes on success; an unknown username costs the same comparison as a known one.
 */
export function verifyTestAccountPassword(username: string, password: string): RawAttributes | undefined {
  const account = BY_USERNAME.get(username);
  const ok = constantTimeEqual(password, `${account?.username ?? ''}pwd`);
  return account && ok ? findTestAccount(username) : undefined;
}

/** Usernames in order, for the test directory's login page hints. */
export function testAccountUsernames(): string[] {
  return TEST_ACCOUNTS.map((a) => a.username);
}
