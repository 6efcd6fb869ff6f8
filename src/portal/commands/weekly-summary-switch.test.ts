import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { optOut } from '../../ops/summary/summary-opt-outs.ts';
import { createRegistryRepository } from '../../registry/registry-repository.ts';
import { createRegistryCache } from '../../registry/registry-snapshot.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { switchWeeklySummary, weeklySummaryState } from './weekly-summary-switch.ts';

const EDU = '1.2.246.562.99.00000000001';
const OTHER = '1.2.246.562.99.00000000003';

describeEachStore('weekly summary switch', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  const clock = fixedClock(new Date('2026-12-02T08:00:00Z'));
  const principal = (over: Partial<Principal> = {}): Principal => ({
    personId: '00000000-0000-4000-8000-000000000001',
    email: 'main@example.fi',
    displayName: 'Main',
    organisationId: EDU,
    role: 'education-main',
    via: 'session',
    authenticatedAt: clock.now(),
    ...over,
  });
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (e: { code?: string }) => e.code,
    );

  beforeAll(async () => {
    t = await createTestDb(kind);
    const repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    await repo.upsertMany(
      [
        { kind: 'organisation', doc: { oid: EDU, name: { fi: 'Koulutus' }, roles: ['educationProvider'] } },
        { kind: 'organisation', doc: { oid: OTHER, name: { fi: 'Toinen' }, roles: ['educationProvider'] } },
      ],
      'test',
    );
    deps = {
      db: t.db,
      box: createSecretBox(randomBytes(32)),
      clock,
      mailer: { send: async () => undefined },
      publicUrl: 'https://passi.test',
      registry: { cache: createRegistryCache(repo), repo },
    };
  });
  afterAll(() => t?.close());

  it('lets a main user switch it off and on, audited, and shows who unsubscribed', async () => {
    await optOut(t.db, EDU, 'Pois@Example.fi', clock.now());
    expect(await weeklySummaryState(deps, principal({ role: 'education-viewer' }), EDU, '192.0.2.1')).toEqual(
      {
        organisationId: EDU,
        on: true,
        unsubscribed: ['pois@example.fi'],
      },
    );
    expect((await switchWeeklySummary(deps, principal(), EDU, false, '192.0.2.1')).on).toBe(false);
    // Switching off twice keeps one row; the other organisation is untouched.
    expect((await switchWeeklySummary(deps, principal(), EDU, false, '192.0.2.1')).on).toBe(false);
    expect(
      (
        await weeklySummaryState(
          deps,
          principal({ role: 'operator', organisationId: 'passi' }),
          OTHER,
          '192.0.2.1',
        )
      ).on,
    ).toBe(true);
    const audit = await portalStores(t.db, clock).audit.list({ organisationId: EDU, limit: 10 });
    expect(audit.filter((a) => a.action === 'weekly-summary-switched').map((a) => a.detail)).toEqual([
      { on: false },
      { on: false },
    ]);
    expect((await switchWeeklySummary(deps, principal(), EDU, true, '192.0.2.1')).on).toBe(true);
    expect(await t.db.selectFrom('weekly_summary_off').selectAll().execute()).toEqual([]);
  });

  it('refuses viewers, other organisations and unknown ones', async () => {
    expect(
      await code(switchWeeklySummary(deps, principal({ role: 'education-viewer' }), EDU, false, '192.0.2.1')),
    ).toBe(ErrorCodes.PORTAL_FORBIDDEN);
    expect(await code(switchWeeklySummary(deps, principal(), OTHER, false, '192.0.2.1'))).toBe(
      ErrorCodes.PORTAL_FORBIDDEN,
    );
    expect(await code(weeklySummaryState(deps, principal(), OTHER, '192.0.2.1'))).toBe(
      ErrorCodes.PORTAL_FORBIDDEN,
    );
    const operator = principal({ role: 'operator', organisationId: 'passi' });
    expect(
      await code(switchWeeklySummary(deps, operator, '1.2.246.562.99.00000000404', false, '192.0.2.1')),
    ).toBe(ErrorCodes.NOT_FOUND);
    expect(await t.db.selectFrom('weekly_summary_off').selectAll().execute()).toEqual([]);
  });
});
