import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { OidcArtifactAdapter } from './oidc-adapter.ts';
import { createOidcArtifactCache, type OidcArtifactCache } from './oidc-artifact-cache.ts';

/**
 * The write-through copy of `oidc_artifact` on the embedded store. Rows are changed behind the adapter's
 * back only to show where an answer came from: a row deleted from the table but still found was held in
 * memory; a row found after a failed write shows the copy did not claim the write.
 */
describe('oidc-provider rows in a write-through memory copy (embedded store)', () => {
  let t: TestDb;
  const clock = fixedClock(new Date('2026-12-04T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(() => t?.close());

  const cached = (cache: OidcArtifactCache, model: string) =>
    new OidcArtifactAdapter(t.db, model, clock, cache);
  const storeOnly = (model: string) => new OidcArtifactAdapter(t.db, model, clock);
  const deleteBehindItsBack = (id: string) => sql`DELETE FROM oidc_artifact WHERE id = ${id}`.execute(t.db);

  it('answers from memory what it wrote; neither the writer nor a reader changes what it holds', async () => {
    const cache = createOidcArtifactCache(clock);
    const sessions = cached(cache, 'Session');
    const payload = { uid: 'u-hit', accountId: 'a', authorizations: { c: { sid: 's' } } };
    await sessions.upsert('s-hit', payload, 60);
    payload.accountId = 'changed';
    await deleteBehindItsBack('s-hit');
    const found = await sessions.find('s-hit');
    expect(found).toEqual({ uid: 'u-hit', accountId: 'a', authorizations: { c: { sid: 's' } } });
    if (found) found.accountId = 'changed by a reader';
    expect((await sessions.findByUid('u-hit'))?.accountId).toBe('a');
    expect(await cached(cache, 'Grant').find('s-hit')).toBeUndefined();
  });

  it('after a restart (an empty copy) reads the table once, then holds what it read', async () => {
    await storeOnly('Session').upsert('s-miss', { uid: 'u-miss', accountId: 'a' }, 60);
    await storeOnly('AccessToken').upsert('t-miss', { grantId: 'g-miss' }, 60);
    const cache = createOidcArtifactCache(clock);
    expect(await cached(cache, 'Session').findByUid('u-miss')).toEqual({ uid: 'u-miss', accountId: 'a' });
    expect(await cached(cache, 'AccessToken').find('t-miss')).toEqual({ grantId: 'g-miss' });
    expect(cache.size()).toBe(2);
    await deleteBehindItsBack('s-miss');
    await deleteBehindItsBack('t-miss');
    expect(await cached(cache, 'Session').find('s-miss')).toEqual({ uid: 'u-miss', accountId: 'a' });
    expect(await cached(cache, 'AccessToken').find('t-miss')).toEqual({ grantId: 'g-miss' });
    expect(await cached(cache, 'Session').findByUid('nobody')).toBeUndefined();
  });

  it('writes to the table first: a failed write leaves memory claiming nothing', async () => {
    const cache = createOidcArtifactCache(clock);
    const grants = cached(cache, 'Grant');
    await grants.upsert('g-old', { accountId: 'a', grantId: 'g-old' }, 60);
    await sql`ALTER TABLE oidc_artifact RENAME TO oidc_artifact_gone`.execute(t.db);
    try {
      await expect(grants.upsert('g-old', { accountId: 'b', grantId: 'g-old' }, 60)).rejects.toThrow();
      await expect(grants.upsert('g-new', { accountId: 'c' }, 60)).rejects.toThrow();
      // Neither the new payload nor the new row is held; the old copy is dropped, so the table answers.
      await expect(grants.find('g-old')).rejects.toThrow();
      await expect(grants.find('g-new')).rejects.toThrow();
    } finally {
      await sql`ALTER TABLE oidc_artifact_gone RENAME TO oidc_artifact`.execute(t.db);
    }
    expect(await grants.find('g-old')).toEqual({ accountId: 'a', grantId: 'g-old' });
    expect(await grants.find('g-new')).toBeUndefined();

    await sql`ALTER TABLE oidc_artifact RENAME TO oidc_artifact_gone`.execute(t.db);
    try {
      await expect(grants.destroy('g-old')).rejects.toThrow();
    } finally {
      await sql`ALTER TABLE oidc_artifact_gone RENAME TO oidc_artifact`.execute(t.db);
    }
    // The delete failed: the row is still there, and found again from the table.
    expect(await grants.find('g-old')).toEqual({ accountId: 'a', grantId: 'g-old' });
  });

  it('consume is single use through the copy; saving again or a restart keeps the consumption', async () => {
    const cache = createOidcArtifactCache(clock);
    const codes = cached(cache, 'RefreshToken');
    const tokens = cached(cache, 'AccessToken');
    await codes.upsert('c1', { grantId: 'g-c' }, 60);
    await tokens.upsert('t-c', { grantId: 'g-c' }, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    await codes.upsert('c1', { grantId: 'g-c', saved: 'again' }, 60);
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    expect((await cached(createOidcArtifactCache(clock), 'RefreshToken').find('c1'))?.consumed).toEqual(
      expect.any(Number),
    );
    // A second consume fails and revokes the grant, in memory as in the table.
    await expect(codes.consume('c1')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await tokens.find('t-c')).toBeUndefined();
    expect(await codes.find('c1')).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it('a consume that fails on an uncached row still drops the grant’s held rows', async () => {
    const cache = createOidcArtifactCache(clock);
    await storeOnly('RefreshToken').upsert('c2', { grantId: 'g-c2' }, 60);
    await storeOnly('RefreshToken').consume('c2');
    const tokens = cached(cache, 'AccessToken');
    await tokens.upsert('t-c2', { grantId: 'g-c2' }, 60);
    await expect(cached(cache, 'RefreshToken').consume('c2')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await tokens.find('t-c2')).toBeUndefined();
  });

  it('revokeByGrantId removes the grant’s rows from memory and the table, and only those', async () => {
    const cache = createOidcArtifactCache(clock);
    await cached(cache, 'AccessToken').upsert('t-r1', { grantId: 'g-r' }, 60);
    await cached(cache, 'Grant').upsert('g-r', { grantId: 'g-r' }, 60);
    await cached(cache, 'AccessToken').upsert('t-r2', { grantId: 'g-other' }, 60);
    await cached(cache, 'Session').revokeByGrantId('g-r');
    expect(await cached(cache, 'AccessToken').find('t-r1')).toBeUndefined();
    expect(await cached(cache, 'Grant').find('g-r')).toBeUndefined();
    expect(await storeOnly('Grant').find('g-r')).toBeUndefined();
    expect(await cached(cache, 'AccessToken').find('t-r2')).toEqual({ grantId: 'g-other' });
    expect(cache.size()).toBe(1);
  });

  it('honours each row’s expiry itself (the sweeper deletes rows without telling it)', async () => {
    const cache = createOidcArtifactCache(clock);
    const sessions = cached(cache, 'Session');
    await sessions.upsert('s-exp', { uid: 'u-exp' }, 10);
    await sessions.upsert('s-live', { uid: 'u-live' }, 600);
    clock.advance(11_000);
    expect(await sessions.find('s-exp')).toBeUndefined();
    expect(await sessions.findByUid('u-exp')).toBeUndefined();
    expect(await sessions.find('s-live')).toEqual({ uid: 'u-live' });
  });

  it('a row read while a write was under way is not held (the write may be newer)', async () => {
    const cache = createOidcArtifactCache(clock);
    await storeOnly('AccessToken').upsert('t-race', { grantId: 'g-race' }, 60);
    const tokens = cached(cache, 'AccessToken');
    const [read] = await Promise.all([tokens.find('t-race'), tokens.destroy('t-race')]);
    expect(read).toEqual({ grantId: 'g-race' });
    expect(await tokens.find('t-race')).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it('holds a row read from the table only when no write started or ended while it was read', () => {
    const cache = createOidcArtifactCache(clock);
    const row = (id: string) => ({
      id,
      json: '{}',
      grantId: null,
      uid: null,
      userCode: null,
      consumedAt: null,
      expiresAt: new Date(clock.now().getTime() + 60_000),
    });
    const before = cache.readTicket();
    cache.beginWrite()();
    cache.fill(before, 'AccessToken', row('overlapped'));
    expect(cache.find('AccessToken', 'id', 'overlapped')).toBeUndefined();
    const ended = cache.beginWrite();
    expect(cache.readTicket()).toBeUndefined();
    ended();
    cache.fill(cache.readTicket(), 'AccessToken', row('quiet'));
    expect(cache.find('AccessToken', 'id', 'quiet')).toBeDefined();
  });

  it('at its bound makes room by dropping the rows written longest ago, refuses nothing, and answers them from the table', async () => {
    const cache = createOidcArtifactCache(clock, 2);
    const tokens = cached(cache, 'AccessToken');
    for (const id of ['t-cap1', 't-cap2', 't-cap3']) await tokens.upsert(id, { grantId: id }, 60);
    expect(cache.size()).toBe(2);
    // The newest rows are held: a row deleted behind the copy's back is still answered from memory …
    await deleteBehindItsBack('t-cap3');
    expect(await tokens.find('t-cap3')).toEqual({ grantId: 't-cap3' });
    // … the oldest was dropped, and is read from the table again.
    expect(cache.find('AccessToken', 'id', 't-cap1')).toBeUndefined();
    expect(await tokens.find('t-cap1')).toEqual({ grantId: 't-cap1' });
    // A rewritten row counts as newly written: it is kept, and the then oldest goes.
    await tokens.upsert('t-cap2', { grantId: 't-cap2', v: 2 }, 60);
    expect(await tokens.find('t-cap2')).toEqual({ grantId: 't-cap2', v: 2 });
    expect(cache.size()).toBe(2);
  });
});
