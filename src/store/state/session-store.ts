import type { Clock } from '../../core/clock.ts';
import type { SessionState, SessionStore } from '../../core/flow/session-state.ts';
import type { Db } from '../database.ts';

/** The `session` row of a new SSO session (also written by login-report-store.ts, with the login's report). */
export function sessionRow(session: SessionState, ttlSeconds: number, now: Date) {
  return {
    id: session.id,
    data: JSON.parse(JSON.stringify(session)) as Record<string, unknown>,
    created_at: now,
    expires_at: new Date(now.getTime() + ttlSeconds * 1000),
  };
}

/** SSO sessions in the store, shared by every node. */
export function createSessionStore(db: Db, clock: Clock): SessionStore {
  return {
    async create(session, ttlSeconds) {
      await db
        .insertInto('session')
        .values(sessionRow(session, ttlSeconds, clock.now()))
        .execute();
    },
    async get(id) {
      const row = await db
        .selectFrom('session')
        .select('data')
        .where('id', '=', id)
        .where('expires_at', '>', clock.now())
        .executeTakeFirst();
      return row ? (row.data as unknown as SessionState) : undefined;
    },
    async destroy(id) {
      await db.deleteFrom('session').where('id', '=', id).execute();
    },
  };
}
