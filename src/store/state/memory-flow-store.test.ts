import { describe, expect, it } from 'vitest';
import { isPassiError } from '../../core/errors.ts';
import type { FlowState } from '../../core/flow/flow-state.ts';
import { createMemoryFlowStore } from './memory-flow-store.ts';

function clockAt(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const T0 = Date.UTC(2026, 11, 4, 8);

function flow(id: string): FlowState {
  return {
    id,
    createdAt: new Date(T0).toISOString(),
    request: { protocol: 'saml', serviceId: 'svc' } as unknown as FlowState['request'],
  };
}

describe('flows in memory (the embedded store)', () => {
  it('keeps a flow until it is consumed, and consumes it once', async () => {
    const flows = createMemoryFlowStore(clockAt(T0));
    await flows.create(flow('f1'), 900);
    expect((await flows.get('f1'))?.id).toBe('f1');
    expect(await flows.save({ ...flow('f1'), integrationId: 'school' })).toBe(true);
    expect((await flows.get('f1'))?.integrationId).toBe('school');
    const consumed = await Promise.all([flows.consume('f1'), flows.consume('f1')]);
    expect(consumed.filter((f) => f !== undefined)).toHaveLength(1);
    expect(await flows.get('f1')).toBeUndefined();
    expect(await flows.save(flow('f1'))).toBe(false);
    expect(await flows.get('unknown')).toBeUndefined();
  });

  it('stores a copy: a later change to the caller’s object is not seen, as with a row', async () => {
    const flows = createMemoryFlowStore(clockAt(T0));
    const mine = flow('f2');
    await flows.create(mine, 900);
    mine.integrationId = 'changed-after';
    const read = await flows.get('f2');
    expect(read?.integrationId).toBeUndefined();
    if (read) read.integrationId = 'changed-read';
    expect((await flows.get('f2'))?.integrationId).toBeUndefined();
  });

  it('ends a flow at its lifetime', async () => {
    const clock = clockAt(T0);
    const flows = createMemoryFlowStore(clock);
    await flows.create(flow('f3'), 60);
    clock.advance(59_999);
    expect(await flows.get('f3')).toBeDefined();
    clock.advance(1);
    expect(await flows.get('f3')).toBeUndefined();
    expect(await flows.consume('f3')).toBeUndefined();
    expect(await flows.save(flow('f3'))).toBe(false);
  });

  it('refuses a new flow at its bound with PASSI_STATE_FULL and never drops a login in progress', async () => {
    const clock = clockAt(T0);
    const flows = createMemoryFlowStore(clock, 2);
    await flows.create(flow('a'), 60);
    await flows.create(flow('b'), 120);
    await expect(flows.create(flow('c'), 60)).rejects.toSatisfy(
      (e) => isPassiError(e) && e.code === 'PASSI_STATE_FULL',
    );
    expect(await flows.get('a')).toBeDefined();
    expect(await flows.get('b')).toBeDefined();
    // An ended flow makes room.
    clock.advance(60_000);
    await flows.create(flow('c'), 60);
    expect(await flows.get('c')).toBeDefined();
    expect(await flows.get('b')).toBeDefined();
  });

  it('refuses a second flow with the same id', async () => {
    const flows = createMemoryFlowStore(clockAt(T0));
    await flows.create(flow('same'), 60);
    await expect(flows.create(flow('same'), 60)).rejects.toThrow(/already in use/);
  });
});
