import { sql } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import type { FlowState, FlowStore } from '../../core/flow/flow-state.ts';
import type { Db } from '../database.ts';

/**
 * Flow state in the store (never only in one process's memory). `consume` is one atomic
 * UPDATE … WHERE consumed_at IS NULL, so a flow is used once across all nodes.
 */
export function createFlowStore(db: Db, clock: Clock): FlowStore {
  return {
    async create(flow, ttlSeconds) {
      const now = clock.now();
      await db
        .insertInto('flow')
        .values({
          id: flow.id,
          data: toJson(flow),
          created_at: now,
          expires_at: new Date(now.getTime() + ttlSeconds * 1000),
        })
        .execute();
    },
    async get(id) {
      const row = await db
        .selectFrom('flow')
        .select('data')
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', clock.now())
        .executeTakeFirst();
      return row ? (row.data as unknown as FlowState) : undefined;
    },
    async save(flow) {
      const result = await db
        .updateTable('flow')
        .set({ data: toJson(flow) })
        .where('id', '=', flow.id)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', clock.now())
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async consume(id) {
      const row = await db
        .updateTable('flow')
        .set({ consumed_at: sql`now()` })
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', clock.now())
        .returning('data')
        .executeTakeFirst();
      return row ? (row.data as unknown as FlowState) : undefined;
    },
  };
}

function toJson(flow: FlowState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(flow)) as Record<string, unknown>;
}
