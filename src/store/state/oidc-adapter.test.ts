import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { sweepExpired } from '../../ops/sweeper.ts';
import { countRows } from '../testing/count-rows.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../testing/test-db.ts';
import { createOidcArtifactMemory, OidcArtifactAdapter, type OidcArtifactMemory } from './oidc-adapter.ts';

function adapterSuite(kind: TestStoreKind, withMemoryCopy = false) {
  let t: TestDb;
  const clock = fixedClock(new Date('2026-11-28T10:00:00Z'));
  let memory: OidcArtifactMemory | undefined;
  beforeAll(async () => {
    t = await createTestDb(kind);
    if (withMemoryCopy) memory = createOidcArtifactMemory(t.db, clock);
  });
  afterAll(() => t?.close());

  const adapter = (model: string) => new OidcArtifactAdapter(t.db, model, clock, memory);

  it('upserts, finds by id, uid and user code; models are separate namespaces', async () => {
    const session = adapter('Session');
    await session.upsert('s1', { uid: 'u1', accountId: 'a' }, 60);
    await session.upsert('s1', { uid: 'u1', accountId: 'b' }, 60);
    expect(await session.find('s1')).toEqual({ uid: 'u1', accountId: 'b' });
    expect(await session.findByUid('u1')).toEqual({ uid: 'u1', accountId: 'b' });
    expect(await adapter('Grant').find('s1')).toBeUndefined();
    const device = adapter('DeviceCode');
    await device.upsert('d1', { userCode: 'ABCD-EFGH' }, 60);
    expect(await device.findByUserCode('ABCD-EFGH')).toEqual({ userCode: 'ABCD-EFGH' });
  });

  it('consume is single use: the payload says consumed, a second consume fails and revokes the grant', async () => {
    const codes = adapter('AuthorizationCode');
    const tokens = adapter('AccessToken');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await tokens.upsert('t1', { grantId: 'g1' }, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    await expect(codes.consume('c1')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await tokens.find('t1')).toBeUndefined();
    expect(await codes.find('c1')).toBeUndefined();
  });

  it('concurrent consumes: exactly one wins', async () => {
    const codes = adapter('AuthorizationCode');
    await codes.upsert('c2', { grantId: 'g2' }, 60);
    const results = await Promise.allSettled([codes.consume('c2'), codes.consume('c2'), codes.consume('c2')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('revokeByGrantId removes every artifact of the grant, and only those', async () => {
    await adapter('AccessToken').upsert('t2', { grantId: 'g3' }, 60);
    await adapter('RefreshToken').upsert('r2', { grantId: 'g3' }, 60);
    await adapter('AccessToken').upsert('t3', { grantId: 'other' }, 60);
    await adapter('AccessToken').revokeByGrantId('g3');
    expect(await adapter('AccessToken').find('t2')).toBeUndefined();
    expect(await adapter('RefreshToken').find('r2')).toBeUndefined();
    expect(await adapter('AccessToken').find('t3')).toEqual({ grantId: 'other' });
  });

  it('expired artifacts are never returned and the sweeper deletes them; destroy deletes', async () => {
    const interactions = adapter('Interaction');
    await interactions.upsert('i1', { returnTo: 'x' }, 10);
    await interactions.upsert('i2', { returnTo: 'y' }, 600);
    clock.advance(11_000);
    expect(await interactions.find('i1')).toBeUndefined();
    expect(await interactions.find('i2')).toEqual({ returnTo: 'y' });
    const before = await countRows(t.db, 'oidc_artifact');
    await sweepExpired(t.db, clock.now());
    expect(await countRows(t.db, 'oidc_artifact')).toBeLessThan(before);
    await interactions.destroy('i2');
    expect(await interactions.find('i2')).toBeUndefined();
  });
}

describeEachStore('OidcArtifactAdapter', adapterSuite);
// The same contract through the memory copy and the writes behind it that the embedded store uses.
describe('OidcArtifactAdapter with its memory copy on PGlite', () => adapterSuite('embedded', true));
