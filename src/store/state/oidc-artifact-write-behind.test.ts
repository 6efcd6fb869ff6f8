import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../testing/test-db.ts';
import type { ArtifactRow } from './oidc-artifact-cache.ts';
import { createOidcArtifactWriteBehind } from './oidc-artifact-write-behind.ts';

function writeBehindSuite(kind: TestStoreKind) {
  let t: TestDb;
  const clock = fixedClock(new Date('2026-12-05T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  const row = (id: string, grantId: string | null, payload: object = {}, ttlMs = 60_000): ArtifactRow => ({
    id,
    json: JSON.stringify(payload),
    grantId,
    uid: null,
    userCode: null,
    consumedAt: null,
    expiresAt: new Date(clock.now().getTime() + ttlMs),
  });
  const table = async (ids: string[]) => {
    const { rows } = await sql<{ id: string; payload: Record<string, unknown>; consumed: boolean }>`
      SELECT id, payload, consumed_at IS NOT NULL AS consumed FROM oidc_artifact
      WHERE id = ANY(${ids}) ORDER BY id`.execute(t.db);
    return Object.fromEntries(rows.map((r) => [r.id, r]));
  };
  const renameTable = (from: string, to: string) =>
    sql`ALTER TABLE ${sql.table(from)} RENAME TO ${sql.table(to)}`.execute(t.db);

  it('applies the changes in the order they were made: revocations, deletes, then the rows saved', async () => {
    const writes = createOidcArtifactWriteBehind(t.db, clock);
    writes.upsert('AccessToken', row('o-x', 'o-g'));
    writes.upsert('AccessToken', row('o-gone-later', null));
    await writes.flush();
    writes.upsert('AccessToken', row('o-y', 'o-g'));
    writes.revokeGrant('o-g');
    // Saved after the revocation: kept, although its grant was revoked before.
    writes.upsert('AccessToken', row('o-z', 'o-g'));
    writes.delete('AccessToken', 'o-back');
    writes.upsert('AccessToken', row('o-back', null, { again: true }));
    writes.upsert('AccessToken', row('o-dropped', null));
    writes.delete('AccessToken', 'o-dropped');
    writes.delete('AccessToken', 'o-gone-later');
    expect(writes.pending()).toBe(6);
    await writes.flush();
    expect(writes.pending()).toBe(0);
    const rows = await table(['o-x', 'o-y', 'o-z', 'o-back', 'o-dropped', 'o-gone-later']);
    expect(Object.keys(rows)).toEqual(['o-back', 'o-z']);
    expect(rows['o-back']?.payload).toEqual({ again: true });
  });

  it('saving a row again leaves its consumption in the table', async () => {
    const writes = createOidcArtifactWriteBehind(t.db, clock);
    writes.upsert('AccessToken', row('c-kept', null, { v: 1 }));
    await writes.flush();
    await sql`UPDATE oidc_artifact SET consumed_at = now() WHERE id = 'c-kept'`.execute(t.db);
    writes.upsert('AccessToken', row('c-kept', null, { v: 2 }));
    await writes.flush();
    expect((await table(['c-kept']))['c-kept']).toMatchObject({ payload: { v: 2 }, consumed: true });
  });

  it('a failed write keeps its changes behind the newer ones, except rows expired or revoked since', async () => {
    const writes = createOidcArtifactWriteBehind(t.db, clock);
    writes.upsert('Session', row('f-a', null, { v: 1 }));
    writes.upsert('AccessToken', row('f-b', 'f-g'));
    writes.upsert('AccessToken', row('f-short', null, {}, 5_000));
    writes.upsert('AccessToken', row('f-kept', null));
    // Expired by the time its write fails: it needs no row any more.
    clock.advance(6_000);
    await renameTable('oidc_artifact', 'oidc_artifact_away');
    try {
      await expect(writes.flush()).rejects.toThrow();
    } finally {
      await renameTable('oidc_artifact_away', 'oidc_artifact');
    }
    writes.upsert('Session', row('f-a', null, { v: 2 }));
    writes.revokeGrant('f-g');
    await writes.flush();
    const rows = await table(['f-a', 'f-b', 'f-short', 'f-kept']);
    expect(Object.keys(rows)).toEqual(['f-a', 'f-kept']);
    expect(rows['f-a']?.payload).toEqual({ v: 2 });
    expect(writes.pending()).toBe(0);
  });

  it('at the bound refuses a new row; a row already waiting may change; written, there is room again', async () => {
    const writes = createOidcArtifactWriteBehind(t.db, clock, 2);
    writes.upsert('AccessToken', row('bound-1', null));
    writes.upsert('AccessToken', row('bound-2', null));
    writes.upsert('AccessToken', row('bound-1', null, { v: 2 }));
    expect(() => writes.upsert('AccessToken', row('bound-3', null))).toThrow(
      expect.objectContaining({ code: ErrorCodes.STATE_FULL }),
    );
    await writes.flush();
    writes.upsert('AccessToken', row('bound-3', null));
    await writes.flush();
    expect(Object.keys(await table(['bound-1', 'bound-2', 'bound-3']))).toEqual([
      'bound-1',
      'bound-2',
      'bound-3',
    ]);
  });
}

describeEachStore('oidc-provider rows written behind', writeBehindSuite);
