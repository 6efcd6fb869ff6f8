import type { Clock } from '../../core/clock.ts';
import type { SessionState, SessionStore } from '../../core/flow/session-state.ts';
import type { Db } from '../database.ts';
import type { LoginRowsWriteBehind } from './login-rows-write-behind.ts';

/** The `session` row of a new SSO session (also written by login-report-store.ts, with the login's report). */
export function sessionRow(session: SessionState, ttlSeconds: number, now: Date) {
  return {
    id: session.id,
    data: JSON.parse(JSON.stringify(session)) as Record<string, unknown>,
    created_at: now,
    expires_at: new Date(now.getTime() + ttlSeconds * 1000),
  };
}

/**
 * SSO sessions in the store, shared by every node. On the embedded store (`behind`) a new session is
 * written behind the login (login-rows-write-behind.ts) and found in memory until then.
 */
export function createSessionStore(db: Db, clock: Clock, behind?: LoginRowsWriteBehind): SessionStore {
  return {
    async create(session, ttlSeconds) {
      const row = sessionRow(session, ttlSeconds, clock.now());
      if (behind) behind.add({ session: row });
      else await db.insertInto('session').values(row).execute();
    },
    async get(id) {
      if (behind) {
        const held = behind.pendingSession(id);
        if (held === null) return undefined;
        if (held) return held.expires_at > clock.now() ? (held.data as unknown as SessionState) : undefined;
        // Not pending: a write under way may hold it, so the table is read once that is done.
        await behind.flush();
      }
      const row = await db
        .selectFrom('session')
        .select('data')
        .where('id', '=', id)
        .where('expires_at', '>', clock.now())
        .executeTakeFirst();
      return row ? (row.data as unknown as SessionState) : undefined;
    },
    async destroy(id) {
      if (behind) behind.destroySession(id);
      else await db.deleteFrom('session').where('id', '=', id).execute();
    },
  };
}
