import { describe, expect, it } from 'vitest';
import type { ResolvedIdentity } from '../core/resolved-identity.ts';
import { applyServicePolicy } from './apply-service-policy.ts';

const identity = (learnerId: string): ResolvedIdentity => ({
  uid: 'MPASSOID.x',
  attributes: { uid: ['MPASSOID.x'], learnerId: [learnerId] },
  problems: [],
  blocked: false,
});

describe('applyServicePolicy (MPASSid wiki "MPASSid ja oppijanumero": test learner ids)', () => {
  it.each([
    ['1.2.246.562.98.10000000001', false, true],
    ['1.2.246.562.98.10000000001', true, false],
    ['1.2.246.562.24.10000000016', false, false],
    ['1.2.246.562.24.10000000016', true, false],
  ])('%s, allowTestLearnerId=%s → blocked=%s', (learnerId, allowTestLearnerId, blocked) => {
    const input = identity(learnerId);
    const out = applyServicePolicy(input, { allowTestLearnerId });
    expect(out.blocked).toBe(blocked);
    expect(out.problems.map((p) => p.code)).toEqual(blocked ? ['LEARNER_ID_TEST_NOT_ALLOWED'] : []);
    expect(input.blocked).toBe(false);
  });

  it('keeps an already blocked identity blocked', () => {
    const blocked = { ...identity('1.2.246.562.24.10000000016'), blocked: true };
    expect(applyServicePolicy(blocked, { allowTestLearnerId: true }).blocked).toBe(true);
  });

  it('releases only the attributes the service lists; absent = all (MPASSid default)', () => {
    const input = identity('1.2.246.562.24.10000000016');
    expect(applyServicePolicy(input, { allowTestLearnerId: false }).attributes).toEqual(input.attributes);
    const out = applyServicePolicy(input, { allowTestLearnerId: false, releasedAttributes: ['uid'] });
    expect(out.attributes).toEqual({ uid: ['MPASSOID.x'] });
    expect(out.uid).toBe('MPASSOID.x');
    expect(
      applyServicePolicy(input, { allowTestLearnerId: false, releasedAttributes: [] }).attributes,
    ).toEqual({});
  });

  it('checks the test learner id even when the service does not receive it', () => {
    const out = applyServicePolicy(identity('1.2.246.562.98.10000000001'), {
      allowTestLearnerId: false,
      releasedAttributes: ['uid'],
    });
    expect(out.blocked).toBe(true);
  });
});
