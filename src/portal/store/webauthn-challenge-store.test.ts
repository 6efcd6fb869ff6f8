import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import { createWebauthnChallengeStore } from './webauthn-challenge-store.ts';

describeEachStore('WebAuthn challenge store', (kind: TestStoreKind) => {
  let t: TestDb;
  const now = new Date('2026-03-02T08:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  const issue = async (challenge: string, boundTo = 'person:anna') => {
    const store = createWebauthnChallengeStore(t.db);
    await store.issue({ challenge, purpose: 'authentication', boundTo, expiresAt: later(300_000) });
    return store;
  };

  it('a challenge is accepted once', async () => {
    const store = await issue('once');
    const use = { challenge: 'once', purpose: 'authentication' as const, boundTo: 'person:anna', now };
    expect(await store.consume(use)).toBe(true);
    expect(await store.consume(use)).toBe(false);
  });

  it('two racing uses of one challenge: exactly one wins', async () => {
    const store = await issue('race');
    const use = { challenge: 'race', purpose: 'authentication' as const, boundTo: 'person:anna', now };
    const results = await Promise.all([store.consume(use), store.consume(use)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('an expired challenge is refused and removed', async () => {
    const store = await issue('old');
    const use = { challenge: 'old', purpose: 'authentication' as const, boundTo: 'person:anna' };
    expect(await store.consume({ ...use, now: later(300_000) })).toBe(false);
    // Gone, not just refused: the same challenge within its time no longer works either.
    expect(await store.consume({ ...use, now })).toBe(false);
  });

  it("another person's or invitation's challenge is refused, and stays for its own holder", async () => {
    const store = await issue('annas', 'person:anna');
    const other = { challenge: 'annas', purpose: 'authentication' as const, now };
    expect(await store.consume({ ...other, boundTo: 'person:bertta' })).toBe(false);
    expect(await store.consume({ ...other, boundTo: 'invitation:abc' })).toBe(false);
    expect(await store.consume({ ...other, boundTo: 'person:anna' })).toBe(true);
  });

  it('a registration challenge does not answer an authentication, nor the other way round', async () => {
    const store = await issue('purpose');
    const use = { challenge: 'purpose', boundTo: 'person:anna', now };
    expect(await store.consume({ ...use, purpose: 'registration' })).toBe(false);
    expect(await store.consume({ ...use, purpose: 'authentication' })).toBe(true);
  });

  it('an unknown challenge is refused', async () => {
    const store = createWebauthnChallengeStore(t.db);
    expect(
      await store.consume({
        challenge: 'never-issued',
        purpose: 'authentication',
        boundTo: 'person:anna',
        now,
      }),
    ).toBe(false);
  });
});
