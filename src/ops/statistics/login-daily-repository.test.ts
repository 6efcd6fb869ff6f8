import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDb,
  isPostgresAvailable,
  POSTGRES_SKIP_REASON,
  type TestDb,
  type TestStoreKind,
} from '../../store/testing/test-db.ts';
import { sweepExpired } from '../sweeper.ts';
import { createLoginDailyBuffer } from './login-daily-buffer.ts';
import {
  createLoginDailyRepository,
  deleteOldLoginDaily,
  loginDailyCutoff,
  utcDay,
} from './login-daily-repository.ts';
import { loginDailySubscriber } from './login-daily-subscriber.ts';

const postgres = await isPostgresAvailable();
if (!postgres) console.warn(POSTGRES_SKIP_REASON);

describe('loginDailyCutoff', () => {
  it('keeps 25 months back to the same day, or the shorter month’s last day', () => {
    expect(loginDailyCutoff(new Date('2026-12-03T10:00:00Z'))).toBe('2024-11-03');
    expect(loginDailyCutoff(new Date('2026-03-31T23:59:00Z'))).toBe('2024-02-29');
    expect(loginDailyCutoff(new Date('2027-01-31T00:00:00Z'))).toBe('2024-12-31');
  });
  it('takes the UTC day of an event time', () => {
    expect(utcDay('2026-12-03T23:30:00.000Z')).toBe('2026-12-03');
    expect(utcDay('2026-12-04T01:30:00+02:00')).toBe('2026-12-03');
  });
});

function repositorySuite(kind: TestStoreKind) {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  it('adds one per login into one row per day, service, integration and outcome', async () => {
    const repo = createLoginDailyRepository(t.db);
    const key = {
      day: '2026-12-03',
      serviceId: 's1',
      integrationId: 'i1',
      school: '00001',
      role: 'pupil',
      outcome: 'completed',
    } as const;
    // Concurrent upserts of the same row lose nothing.
    await Promise.all([repo.count(key), repo.count(key), repo.count(key)]);
    await repo.count({ ...key, outcome: 'failed:cancelled' });
    await repo.count({ ...key, day: '2026-12-04' });
    expect(await repo.days('2026-12-03', '2026-12-03')).toEqual([
      { ...key, count: 3 },
      { ...key, outcome: 'failed:cancelled', count: 1 },
    ]);
    expect(await repo.days('2026-12-04', '2026-12-31')).toEqual([{ ...key, day: '2026-12-04', count: 1 }]);
  });

  it('counts each school and role kind on its own row', async () => {
    const repo = createLoginDailyRepository(t.db);
    const key = {
      day: '2026-12-05',
      serviceId: 's1',
      integrationId: 'i1',
      school: '00001',
      role: 'pupil',
      outcome: 'completed',
    } as const;
    await repo.count(key);
    await repo.count({ ...key, role: 'teacher' });
    await repo.count({ ...key, school: '00002' });
    await repo.count({ ...key, school: '00002' });
    expect((await repo.days('2026-12-05', '2026-12-05')).map((r) => [r.school, r.role, r.count])).toEqual([
      ['00001', 'pupil', 1],
      ['00001', 'teacher', 1],
      ['00002', 'pupil', 2],
    ]);
  });

  it('counts finished logins from the events, with the code family and no school as ""', async () => {
    const repo = createLoginDailyRepository(t.db);
    const buffer = createLoginDailyBuffer(repo);
    const subscriber = loginDailySubscriber(buffer);
    const base = { flowId: 'f', at: '2026-06-01T08:00:00.000Z', serviceId: 'svc' };
    await subscriber({
      ...base,
      type: 'login.completed',
      integrationId: 'i2',
      flowName: 'F',
      sessionReused: false,
      school: '00001',
      roleKind: 'pupil',
      withProblems: false,
    });
    await subscriber({
      ...base,
      type: 'login.completed',
      integrationId: 'i2',
      flowName: 'F',
      sessionReused: false,
      school: '00001',
      roleKind: 'pupil',
      withProblems: true,
    });
    await subscriber({
      ...base,
      type: 'upstream.started',
      integrationId: 'i2',
      integrationType: 't',
      flowName: 'F',
      chosenBy: 'hint',
    });
    const failed = {
      ...base,
      type: 'login.failed' as const,
      errorId: 'e',
      flowName: undefined,
      detail: '',
      request: { face: 'oidc' as const, forceAuthn: false, isPassive: true, authnSources: [], authnTags: [] },
    };
    await subscriber({ ...failed, code: 'PASSI_LOGIN_BLOCKED', integrationId: 'i2' });
    await subscriber({ ...failed, code: 'PASSI_UPSTREAM_FAILED', integrationId: 'i2' });
    await subscriber({ ...failed, code: 'PASSI_NO_PASSIVE', integrationId: undefined });
    await buffer.flush();
    const day = { day: '2026-06-01', serviceId: 'svc' };
    const none = { school: '', role: '' };
    const pupil = { school: '00001', role: 'pupil' };
    expect(await repo.days('2026-06-01', '2026-06-01')).toEqual([
      { ...day, integrationId: '', ...none, outcome: 'failed:other', count: 1 },
      { ...day, integrationId: 'i2', ...none, outcome: 'failed:blocked', count: 1 },
      { ...day, integrationId: 'i2', ...none, outcome: 'failed:school', count: 1 },
      { ...day, integrationId: 'i2', ...pupil, outcome: 'completed', count: 1 },
      { ...day, integrationId: 'i2', ...pupil, outcome: 'completed:problems', count: 1 },
    ]);
  });

  it('the sweeper deletes rows older than 25 months and keeps the rest', async () => {
    const repo = createLoginDailyRepository(t.db);
    const key = { serviceId: 'old', integrationId: 'i', school: '', role: '', outcome: 'completed' } as const;
    await repo.count({ ...key, day: '2020-01-01' });
    await repo.count({ ...key, day: '2024-11-02' });
    await repo.count({ ...key, day: '2024-11-03' });
    const now = new Date('2026-12-03T12:00:00Z');
    expect(await sweepExpired(t.db, now)).toBe(2);
    const kept = (await repo.days('2000-01-01', '2100-01-01')).filter((r) => r.serviceId === 'old');
    expect(kept.map((r) => r.day)).toEqual(['2024-11-03']);
    expect(await deleteOldLoginDaily(t.db, now)).toBe(0);
  });
}

describe('login_daily on PGlite', () => repositorySuite('embedded'));
describe.skipIf(!postgres)('login_daily on PostgreSQL', () => repositorySuite('postgresql'));
