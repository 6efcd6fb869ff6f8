import type { ResolvedIdentity } from '../core/resolved-identity.ts';
import { isTestLearnerId } from './learner-id.ts';
import { ProblemCodes, problem } from './problem-codes.ts';

export interface ServicePolicy {
  /** Portal flag `allowtestlearnerid` (https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service). */
  allowTestLearnerId: boolean;
}

/**
 * Per-service rules applied after resolution (docs/data-model.md): a test learner id (`1.2.246.562.98.*`) blocks the
 * login at a service that has not declared it accepts them. Returns a new identity; never mutates.
 */
export function applyServicePolicy(identity: ResolvedIdentity, policy: ServicePolicy): ResolvedIdentity {
  const learnerId = identity.attributes.learnerId?.[0];
  if (policy.allowTestLearnerId || learnerId === undefined || !isTestLearnerId(learnerId)) return identity;
  return {
    ...identity,
    blocked: true,
    problems: [
      ...identity.problems,
      problem(
        ProblemCodes.LEARNER_ID_TEST_NOT_ALLOWED,
        'error',
        ['learnerId'],
        'test learner id at a service that does not allow test learner ids',
      ),
    ],
  };
}
