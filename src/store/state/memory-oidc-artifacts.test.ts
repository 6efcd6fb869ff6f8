import type { Adapter } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { isPassiError } from '../../core/errors.ts';
import { createMemoryOidcArtifacts } from './memory-oidc-artifacts.ts';

function clockAt(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const T0 = Date.UTC(2026, 11, 4, 8);

/** Stands in for the store's adapter: records the grants it was asked to revoke. */
function storedModel() {
  const revoked: string[] = [];
  return {
    revoked,
    revokeByGrantId: async (grantId: string) => {
      revoked.push(grantId);
    },
  };
}

function adapterOf(artifacts: ReturnType<typeof createMemoryOidcArtifacts>, model: string): Adapter {
  const adapter = artifacts.adapterFor(model, storedModel());
  if (!adapter) throw new Error(`${model} is not kept in memory`);
  return adapter;
}

describe('oidc-provider interactions and codes in memory (the embedded store)', () => {
  it('keeps only Interaction and AuthorizationCode; sessions, grants and tokens stay in the store', () => {
    const artifacts = createMemoryOidcArtifacts(clockAt(T0));
    for (const model of ['Session', 'Grant', 'AccessToken', 'PassiAccount', 'RefreshToken'])
      expect(artifacts.adapterFor(model, storedModel())).toBeUndefined();
    expect(artifacts.adapterFor('Interaction', storedModel())).toBeDefined();
    expect(artifacts.adapterFor('AuthorizationCode', storedModel())).toBeDefined();
  });

  it('upserts, finds and destroys; a later change to the caller’s object is not seen', async () => {
    const artifacts = createMemoryOidcArtifacts(clockAt(T0));
    const interactions = adapterOf(artifacts, 'Interaction');
    const payload = { returnTo: 'https://op/auth/1', prompt: { name: 'login' } };
    await interactions.upsert('i1', payload, 600);
    payload.returnTo = 'changed';
    expect(await interactions.find('i1')).toEqual({
      returnTo: 'https://op/auth/1',
      prompt: { name: 'login' },
    });
    await interactions.upsert(
      'i1',
      { returnTo: 'https://op/auth/1', result: { login: { accountId: 'a' } } },
      600,
    );
    expect((await interactions.find('i1'))?.result).toEqual({ login: { accountId: 'a' } });
    expect(await adapterOf(artifacts, 'AuthorizationCode').find('i1')).toBeUndefined();
    expect(artifacts.sizes()).toEqual({ Interaction: 1, AuthorizationCode: 0 });
    await interactions.destroy('i1');
    expect(await interactions.find('i1')).toBeUndefined();
  });

  it('an artifact expires after its lifetime; saving again sets a new lifetime', async () => {
    const clock = clockAt(T0);
    const codes = adapterOf(createMemoryOidcArtifacts(clock), 'AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await codes.upsert('c2', { grantId: 'g2' }, 60);
    clock.advance(30_000);
    await codes.upsert('c2', { grantId: 'g2' }, 60);
    clock.advance(30_000);
    expect(await codes.find('c1')).toBeUndefined();
    expect(await codes.find('c2')).toEqual({ grantId: 'g2' });
    clock.advance(30_000);
    expect(await codes.find('c2')).toBeUndefined();
    await expect(codes.consume('c2')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a code is consumed once: find then says consumed; a second consume fails and revokes the grant', async () => {
    const clock = clockAt(T0);
    const artifacts = createMemoryOidcArtifacts(clock);
    const stored = storedModel();
    const codes = artifacts.adapterFor('AuthorizationCode', stored);
    const interactions = adapterOf(artifacts, 'Interaction');
    if (!codes) throw new Error('codes are kept in memory');
    await codes.upsert('c1', { grantId: 'g1', accountId: 'a' }, 60);
    await codes.upsert('c-other', { grantId: 'g2' }, 60);
    await interactions.upsert('i1', { grantId: 'g1' }, 600);
    clock.advance(5_000);
    await codes.consume('c1');
    // oidc-provider reads `consumed` (seconds) to refuse a reused code and revoke its grant.
    expect(await codes.find('c1')).toEqual({ grantId: 'g1', accountId: 'a', consumed: T0 / 1000 + 5 });
    // Saving a consumed code again does not undo its consumption (as the store's upsert).
    await codes.upsert('c1', { grantId: 'g1', accountId: 'a' }, 60);
    expect((await codes.find('c1'))?.consumed).toBe(T0 / 1000 + 5);
    await expect(codes.consume('c1')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(stored.revoked).toEqual(['g1']);
    // The grant's artifacts held in memory are gone, whatever their model; other grants stay.
    expect(await codes.find('c1')).toBeUndefined();
    expect(await interactions.find('i1')).toBeUndefined();
    expect(await codes.find('c-other')).toEqual({ grantId: 'g2' });
  });

  it('concurrent consumes of one code: exactly one wins', async () => {
    const codes = adapterOf(createMemoryOidcArtifacts(clockAt(T0)), 'AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    const results = await Promise.allSettled([codes.consume('c1'), codes.consume('c1'), codes.consume('c1')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('at the bound a new artifact is refused with PASSI_STATE_FULL; held ones stay usable', async () => {
    const clock = clockAt(T0);
    const artifacts = createMemoryOidcArtifacts(clock, 3);
    const codes = adapterOf(artifacts, 'AuthorizationCode');
    for (const id of ['c1', 'c2', 'c3']) await codes.upsert(id, { grantId: id }, 60);
    const refused = await codes.upsert('c4', { grantId: 'c4' }, 60).catch((e: unknown) => e);
    expect(isPassiError(refused) && refused.code).toBe('PASSI_STATE_FULL');
    await codes.upsert('c2', { grantId: 'c2', saved: 'again' }, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    // The bound is per model: interactions are not refused because codes are full.
    await adapterOf(artifacts, 'Interaction').upsert('i1', {}, 600);
    // Once the held codes expire, new ones are taken again.
    clock.advance(61_000);
    await codes.upsert('c4', { grantId: 'c4' }, 60);
    expect(await codes.find('c4')).toEqual({ grantId: 'c4' });
  });
});
