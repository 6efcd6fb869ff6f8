import type { ResolvedIdentity } from '../core/resolved-identity.ts';
import { isTestLearnerId } from './learner-id.ts';
import { ProblemCodes, problem } from './problem-codes.ts';

export interface ServicePolicy {
  /** Portal flag `allowtestlearnerid` (https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service). */
  allowTestLearnerId: boolean;
  /**
   * Data-model names the service needs (MPASSid's per-service attribute choice); absent = every attribute,
   * the MPASSid default. Data minimisation (GDPR art. 5(1)(c)): what is not listed is not sent.
   */
  releasedAttributes?: readonly string[] | undefined;
}

/**
 * Per-service rules applied after resolution (docs/data-model.md): a test learner id (`1.2.246.562.98.*`) blocks the
 * login at a service that has not declared it accepts them, and only the attributes the service asked for are
 * released. Returns a new identity; never mutates.
 */
export function applyServicePolicy(identity: ResolvedIdentity, policy: ServicePolicy): ResolvedIdentity {
  const checked = checkTestLearnerId(identity, policy);
  const wanted = policy.releasedAttributes;
  if (wanted === undefined) return checked;
  const keep = new Set(wanted);
  return {
    ...checked,
    attributes: Object.fromEntries(Object.entries(checked.attributes).filter(([name]) => keep.has(name))),
  };
}

/** A test learner id blocks the login unless the service accepts them (checked on the whole identity). */
function checkTestLearnerId(identity: ResolvedIdentity, policy: ServicePolicy): ResolvedIdentity {
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
