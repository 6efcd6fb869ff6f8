import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointWhereDue } from './checkpoint-where-due.ts';
import { startEmbeddedStoreUpkeep, UPKEEP_DEFAULTS, type UpkeepDone } from './embedded-store-upkeep.ts';
import { expiredSessions, sweep } from './testing/expired-sessions.ts';
import { createTestDb, type TestDb } from './testing/test-db.ts';

describe('the embedded store upkeep on its interval', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(async () => {
    await t.close();
  });

  it('vacuums the tables due, then checkpoints what the vacuums wrote too, and reports both', async () => {
    await expiredSessions(t.db, 0);
    await sweep(t.db);
    const checkpointAtOnce = { ...UPKEEP_DEFAULTS.checkpoint, timeoutMs: 0 };
    const reported = await new Promise<UpkeepDone>((resolve, reject) => {
      const stop = startEmbeddedStoreUpkeep(
        t.db,
        { ...UPKEEP_DEFAULTS, intervalMs: 10, checkpoint: checkpointAtOnce },
        (done) => {
          stop();
          resolve(done);
        },
        (e) => {
          stop();
          reject(e);
        },
      );
    });
    expect(reported.vacuumed.find((d) => d.table === 'session')).toMatchObject({ deadRows: 4000 });
    expect(reported.checkpointed?.walBytes).toBeGreaterThan(0);
    // Nothing was written after the checkpoint: the vacuum's WAL came before it.
    expect(await checkpointWhereDue(t.db, checkpointAtOnce)).toBeNull();
  });
});
