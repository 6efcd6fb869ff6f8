import type { Clock } from '../../core/clock.ts';
import type { FlowState, FlowStore } from '../../core/flow/flow-state.ts';
import { createExpiringEntries } from './expiring-entries.ts';

/** At the default 15-minute flow lifetime, about 55 new logins a second sustained (docs/performance.md). */
export const MEMORY_FLOW_LIMIT = 50_000;

/**
 * Flows in this process's memory, for the embedded store, which serves exactly one node (docs/performance.md
 * "Short-lived state in memory"). The same contract as the store's flows: stored as JSON text, so a caller's
 * later change to its object is not seen (as with a row); `consume` removes the flow, so it is used once.
 * A restart loses the logins in progress; their answers are then refused, because a school's answer is
 * accepted only against a live flow of this browser.
 */
export function createMemoryFlowStore(
  clock: Clock,
  maxFlows = MEMORY_FLOW_LIMIT,
): FlowStore & { size(): number } {
  const flows = createExpiringEntries<string>({ maxEntries: maxFlows, now: () => clock.now().getTime() });
  const read = (json: string | undefined) =>
    json === undefined ? undefined : (JSON.parse(json) as FlowState);
  return {
    async create(flow, ttlSeconds) {
      const expiresAt = clock.now().getTime() + ttlSeconds * 1000;
      // Flow ids are 32 random bytes (the composition's newId): a clash is a bug, as the store's primary key makes it one.
      if (!flows.add(flow.id, JSON.stringify(flow), expiresAt)) throw new Error('flow id already in use');
    },
    async get(id) {
      return read(flows.get(id));
    },
    async save(flow) {
      return flows.replace(flow.id, JSON.stringify(flow));
    },
    async consume(id) {
      return read(flows.take(id));
    },
    size: () => flows.size(),
  };
}
