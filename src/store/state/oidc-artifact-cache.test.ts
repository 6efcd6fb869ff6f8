import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { createOidcArtifactMemory, OidcArtifactAdapter, type OidcArtifactMemory } from './oidc-adapter.ts';
import { createOidcArtifactCache } from './oidc-artifact-cache.ts';
import { createOidcArtifactWriteBehind } from './oidc-artifact-write-behind.ts';

/**
 * The copy of `oidc_artifact` in memory on the embedded store, with the rows a login writes written to
 * the table behind it. Rows are changed behind the adapter's back only to show where an answer came from:
 * a row deleted from the table but still found was held in memory.
 */
describe('oidc-provider rows in a memory copy, written behind (embedded store)', () => {
  let t: TestDb;
  const clock = fixedClock(new Date('2026-12-04T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(() => t?.close());

  const cached = (memory: OidcArtifactMemory, model: string) =>
    new OidcArtifactAdapter(t.db, model, clock, memory);
  const freshMemory = (maxRows?: number) => createOidcArtifactMemory(t.db, clock, maxRows);
  const inTable = async (id: string) =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM oidc_artifact WHERE id = ${id}`.execute(t.db))
      .rows[0]?.n;
  const renameTable = (from: string, to: string) =>
    sql`ALTER TABLE ${sql.table(from)} RENAME TO ${sql.table(to)}`.execute(t.db);
  const storeOnly = (model: string) => new OidcArtifactAdapter(t.db, model, clock);
  const deleteBehindItsBack = (id: string) => sql`DELETE FROM oidc_artifact WHERE id = ${id}`.execute(t.db);

  it('answers from memory what it wrote; neither the writer nor a reader changes what it holds', async () => {
    const cache = freshMemory();
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
    const cache = freshMemory();
    expect(await cached(cache, 'Session').findByUid('u-miss')).toEqual({ uid: 'u-miss', accountId: 'a' });
    expect(await cached(cache, 'AccessToken').find('t-miss')).toEqual({ grantId: 'g-miss' });
    expect(cache.copy.size()).toBe(2);
    await deleteBehindItsBack('s-miss');
    await deleteBehindItsBack('t-miss');
    expect(await cached(cache, 'Session').find('s-miss')).toEqual({ uid: 'u-miss', accountId: 'a' });
    expect(await cached(cache, 'AccessToken').find('t-miss')).toEqual({ grantId: 'g-miss' });
    expect(await cached(cache, 'Session').findByUid('nobody')).toBeUndefined();
  });

  it('writes a login’s rows to the table behind memory, in one go, when asked or at the interval', async () => {
    const memory = freshMemory();
    const sessions = cached(memory, 'Session');
    await sessions.upsert('s-behind', { uid: 'u-behind', accountId: 'a' }, 60);
    await sessions.upsert('s-behind', { uid: 'u-behind', accountId: 'b' }, 60);
    await cached(memory, 'AccessToken').upsert('t-behind', { grantId: 'g-behind' }, 60);
    // Answered from memory; not in the table yet; the two saves of one row are one pending write.
    expect(await sessions.findByUid('u-behind')).toEqual({ uid: 'u-behind', accountId: 'b' });
    expect(await inTable('s-behind')).toBe(0);
    expect(memory.writes.pending()).toBe(2);
    await memory.writes.flush();
    expect(memory.writes.pending()).toBe(0);
    expect(await inTable('s-behind')).toBe(1);
    expect(await cached(freshMemory(), 'Session').find('s-behind')).toEqual({
      uid: 'u-behind',
      accountId: 'b',
    });
    expect(await cached(freshMemory(), 'AccessToken').find('t-behind')).toEqual({ grantId: 'g-behind' });

    await sessions.destroy('s-behind');
    expect(await inTable('s-behind')).toBe(1);
    const stop = memory.writes.start(20, (e) => {
      throw e;
    });
    try {
      await vi.waitFor(async () => expect(await inTable('s-behind')).toBe(0));
    } finally {
      stop();
    }
    expect(await sessions.find('s-behind')).toBeUndefined();
  });

  it('a failed write behind waits for the next; memory answers meanwhile, and a read it cannot answer fails', async () => {
    const memory = freshMemory();
    const grants = cached(memory, 'Grant');
    await grants.upsert('g-old', { accountId: 'a', grantId: 'g-old' }, 60);
    await memory.writes.flush();
    await renameTable('oidc_artifact', 'oidc_artifact_gone');
    try {
      await grants.upsert('g-old', { accountId: 'b', grantId: 'g-old' }, 60);
      await grants.upsert('g-new', { accountId: 'c' }, 60);
      await expect(memory.writes.flush()).rejects.toThrow();
      expect(await grants.find('g-old')).toEqual({ accountId: 'b', grantId: 'g-old' });
      // Not held (never written): the read waits for the writes, which fail, so it fails too.
      await expect(grants.find('g-missing')).rejects.toThrow();
      await grants.destroy('g-new');
      await expect(memory.writes.flush()).rejects.toThrow();
    } finally {
      await renameTable('oidc_artifact_gone', 'oidc_artifact');
    }
    await memory.writes.flush();
    expect(await cached(freshMemory(), 'Grant').find('g-old')).toEqual({ accountId: 'b', grantId: 'g-old' });
    expect(await inTable('g-new')).toBe(0);
  });

  it('a model that can be consumed is written to the table first: a failed write leaves memory claiming nothing', async () => {
    const memory = freshMemory();
    const tokens = cached(memory, 'RefreshToken');
    await tokens.upsert('r-old', { accountId: 'a', grantId: 'g-r-old' }, 60);
    expect(await inTable('r-old')).toBe(1);
    await renameTable('oidc_artifact', 'oidc_artifact_gone');
    try {
      await expect(tokens.upsert('r-old', { accountId: 'b', grantId: 'g-r-old' }, 60)).rejects.toThrow();
      // The new payload is not held and the old copy is dropped, so the table answers (and cannot).
      await expect(tokens.find('r-old')).rejects.toThrow();
    } finally {
      await renameTable('oidc_artifact_gone', 'oidc_artifact');
    }
    expect(await tokens.find('r-old')).toEqual({ accountId: 'a', grantId: 'g-r-old' });
  });

  it('consume is single use through the copy; saving again or a restart keeps the consumption', async () => {
    const cache = freshMemory();
    const codes = cached(cache, 'RefreshToken');
    const tokens = cached(cache, 'AccessToken');
    await codes.upsert('c1', { grantId: 'g-c' }, 60);
    await tokens.upsert('t-c', { grantId: 'g-c' }, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    await codes.upsert('c1', { grantId: 'g-c', saved: 'again' }, 60);
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    expect((await cached(freshMemory(), 'RefreshToken').find('c1'))?.consumed).toEqual(expect.any(Number));
    // A second consume fails and revokes the grant, in memory as in the table.
    await expect(codes.consume('c1')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await tokens.find('t-c')).toBeUndefined();
    expect(await codes.find('c1')).toBeUndefined();
    expect(cache.copy.size()).toBe(0);
    await cache.writes.flush();
    expect(await inTable('t-c')).toBe(0);
  });

  it('a consume that fails on an uncached row still drops the grant’s held rows', async () => {
    const cache = freshMemory();
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
    const cache = freshMemory();
    await cached(cache, 'AccessToken').upsert('t-r1', { grantId: 'g-r' }, 60);
    await cached(cache, 'Grant').upsert('g-r', { grantId: 'g-r' }, 60);
    await cached(cache, 'AccessToken').upsert('t-r2', { grantId: 'g-other' }, 60);
    // One of the grant's rows is in the table already, the other only in memory.
    await cache.writes.flush();
    await cached(cache, 'Grant').upsert('g-r', { grantId: 'g-r' }, 60);
    await cached(cache, 'Session').revokeByGrantId('g-r');
    // A row of the grant saved after the revocation stays.
    await cached(cache, 'AccessToken').upsert('t-r3', { grantId: 'g-r' }, 60);
    expect(await cached(cache, 'AccessToken').find('t-r1')).toBeUndefined();
    expect(await cached(cache, 'Grant').find('g-r')).toBeUndefined();
    expect(await cached(cache, 'AccessToken').find('t-r2')).toEqual({ grantId: 'g-other' });
    expect(cache.copy.size()).toBe(2);
    await cache.writes.flush();
    expect(await storeOnly('AccessToken').find('t-r1')).toBeUndefined();
    expect(await storeOnly('Grant').find('g-r')).toBeUndefined();
    expect(await storeOnly('AccessToken').find('t-r2')).toEqual({ grantId: 'g-other' });
    expect(await storeOnly('AccessToken').find('t-r3')).toEqual({ grantId: 'g-r' });
  });

  it('honours each row’s expiry itself (the sweeper deletes rows without telling it)', async () => {
    const cache = freshMemory();
    const sessions = cached(cache, 'Session');
    await sessions.upsert('s-exp', { uid: 'u-exp' }, 10);
    await sessions.upsert('s-live', { uid: 'u-live' }, 600);
    clock.advance(11_000);
    expect(await sessions.find('s-exp')).toBeUndefined();
    expect(await sessions.findByUid('u-exp')).toBeUndefined();
    expect(await sessions.find('s-live')).toEqual({ uid: 'u-live' });
  });

  it('a row read while a write was under way is not held (the write may be newer)', async () => {
    const memory = freshMemory();
    await storeOnly('RefreshToken').upsert('r-race', { grantId: 'g-race' }, 60);
    const tokens = cached(memory, 'RefreshToken');
    const [read] = await Promise.all([
      tokens.find('r-race'),
      tokens.upsert('r-race', { grantId: 'g-race', v: 2 }, 60),
    ]);
    expect(read).toEqual({ grantId: 'g-race' });
    expect(await tokens.find('r-race')).toEqual({ grantId: 'g-race', v: 2 });
    expect(memory.copy.size()).toBe(1);
  });

  it('a row destroyed while it was being read is gone afterwards, in memory and in the table', async () => {
    const memory = freshMemory();
    await storeOnly('AccessToken').upsert('t-race', { grantId: 'g-race' }, 60);
    const tokens = cached(memory, 'AccessToken');
    await Promise.all([tokens.find('t-race'), tokens.destroy('t-race')]);
    expect(await tokens.find('t-race')).toBeUndefined();
    expect(memory.copy.size()).toBe(0);
    expect(await inTable('t-race')).toBe(0);
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
    // A change made in memory, for the table to get later, counts as a write too.
    const beforeChange = cache.readTicket();
    cache.changed(() => {});
    cache.fill(beforeChange, 'AccessToken', row('changed'));
    expect(cache.find('AccessToken', 'id', 'changed')).toBeUndefined();
    const ended = cache.beginWrite();
    expect(cache.readTicket()).toBeUndefined();
    ended();
    cache.fill(cache.readTicket(), 'AccessToken', row('quiet'));
    expect(cache.find('AccessToken', 'id', 'quiet')).toBeDefined();
  });

  it('at its bound makes room by dropping the rows written longest ago, refuses nothing, and answers them from the table', async () => {
    const cache = freshMemory(2);
    const tokens = cached(cache, 'AccessToken');
    for (const id of ['t-cap1', 't-cap2', 't-cap3']) await tokens.upsert(id, { grantId: id }, 60);
    expect(cache.copy.size()).toBe(2);
    // The newest rows are held: a row deleted behind the copy's back is still answered from memory …
    await deleteBehindItsBack('t-cap3');
    expect(await tokens.find('t-cap3')).toEqual({ grantId: 't-cap3' });
    // … the oldest was dropped, and is read from the table again.
    expect(cache.copy.find('AccessToken', 'id', 't-cap1')).toBeUndefined();
    // Not yet in the table either: the read waits for the writes behind, then finds it there.
    expect(await tokens.find('t-cap1')).toEqual({ grantId: 't-cap1' });
    // A rewritten row counts as newly written: it is kept, and the then oldest goes.
    await tokens.upsert('t-cap2', { grantId: 't-cap2', v: 2 }, 60);
    expect(await tokens.find('t-cap2')).toEqual({ grantId: 't-cap2', v: 2 });
    expect(cache.copy.size()).toBe(2);
  });

  it('a row refused by the pending writes’ bound is not held either', async () => {
    const memory = {
      copy: createOidcArtifactCache(clock),
      writes: createOidcArtifactWriteBehind(t.db, clock, 1),
    };
    const tokens = cached(memory, 'AccessToken');
    await tokens.upsert('t-room', { grantId: 'g-room' }, 60);
    await expect(tokens.upsert('t-full', { grantId: 'g-full' }, 60)).rejects.toMatchObject({
      code: ErrorCodes.STATE_FULL,
    });
    expect(memory.copy.find('AccessToken', 'id', 't-full')).toBeUndefined();
    expect(await tokens.find('t-full')).toBeUndefined();
    expect(await tokens.find('t-room')).toEqual({ grantId: 'g-room' });
  });
});
