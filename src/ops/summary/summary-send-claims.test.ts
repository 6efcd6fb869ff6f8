import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/open-store.ts';
import {
  createTestDb,
  isPostgresAvailable,
  POSTGRES_SKIP_REASON,
  type TestDb,
  type TestStoreKind,
} from '../../store/testing/test-db.ts';
import { MAX_ATTEMPTS, RETRY_STEP_MS, SEND_LEASE_MS } from '../mail/claimed-sends.ts';
import {
  claimSend,
  deleteOldSends,
  finishedSends,
  markSent,
  markSkipped,
  releaseSend,
} from './summary-send-claims.ts';

const postgres = await isPostgresAvailable();
if (!postgres) console.warn(POSTGRES_SKIP_REASON);

const at = (iso: string) => new Date(iso);
const later = (d: Date, ms: number) => new Date(d.getTime() + ms);

function claimsSuite(kind: TestStoreKind) {
  let t: TestDb;
  let other: Store | undefined;
  beforeAll(async () => {
    t = await createTestDb(kind);
    // A second node: its own connections to the same schema where the store has connections.
    if (t.url) other = await openStore({ databaseUrl: t.url, dataDir: '' });
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('gives a send to exactly one of many claimants', async () => {
    const key = { organisationId: 'o1', week: '2026-W49', email: 'a@example.fi' };
    const now = at('2026-12-07T06:00:00Z');
    const dbs = [t.db, other?.db ?? t.db];
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claimSend(dbs[i % 2] ?? t.db, key, now)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    // While the lease runs nobody else gets it; once sent, nobody ever does.
    expect(await claimSend(t.db, key, later(now, SEND_LEASE_MS - 1))).toBe(false);
    await markSent(t.db, key, now);
    expect(await claimSend(t.db, key, later(now, 10 * SEND_LEASE_MS))).toBe(false);
    expect(await finishedSends(t.db, '2026-W49')).toEqual(new Set(['o1\na@example.fi']));
  });

  it('retries a released send later, and gives up after the last attempt', async () => {
    const key = { organisationId: 'o1', week: '2026-W49', email: 'b@example.fi' };
    let now = at('2026-12-07T06:00:00Z');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await claimSend(t.db, key, now)).toBe(true);
      const givenUp = await releaseSend(t.db, key, now);
      expect(givenUp).toBe(attempt === MAX_ATTEMPTS);
      // Not before the retry time, which grows with the attempts.
      expect(await claimSend(t.db, key, later(now, RETRY_STEP_MS * attempt - 1))).toBe(false);
      now = later(now, RETRY_STEP_MS * attempt);
    }
    expect(await claimSend(t.db, key, later(now, 86_400_000))).toBe(false);
    expect((await finishedSends(t.db, '2026-W49')).has('o1\nb@example.fi')).toBe(true);
  });

  it('records a skipped week without touching a send already made, and forgets old weeks', async () => {
    const now = at('2026-12-07T06:00:00Z');
    const sent = { organisationId: 'o2', week: '2026-W49', email: 'c@example.fi' };
    expect(await claimSend(t.db, sent, now)).toBe(true);
    await markSent(t.db, sent, now);
    await markSkipped(t.db, [sent, { ...sent, email: 'd@example.fi' }], now);
    const rows = await t.db
      .selectFrom('weekly_summary_send')
      .select(['email', 'status'])
      .where('organisation_id', '=', 'o2')
      .orderBy('email')
      .execute();
    expect(rows).toEqual([
      { email: 'c@example.fi', status: 'sent' },
      { email: 'd@example.fi', status: 'skipped' },
    ]);
    await deleteOldSends(t.db, later(now, 9 * 7 * 86_400_000));
    expect(await finishedSends(t.db, '2026-W49')).toEqual(new Set());
  });
}

describe('weekly summary claims on PGlite', () => claimsSuite('embedded'));
describe.skipIf(!postgres)(
  `weekly summary claims on PostgreSQL${postgres ? '' : ` (SKIPPED: ${POSTGRES_SKIP_REASON})`}`,
  () => claimsSuite('postgresql'),
);
