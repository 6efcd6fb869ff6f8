import type { DataName } from '../../model/attribute-catalogue.ts';
import { MISSING_DATA_POLICY } from '../../model/missing-data-policy.ts';
import type { TestLoginProblems } from '../store/integration-test-tables.ts';

/** What the attribute test service saw of one login (docs/attribute-test-service.md). */
export interface TestLoginObservation {
  protocol: 'saml' | 'oidc';
  /** The protocol error Passi answered (a blocked login, a cancelled school login), if it did. */
  refused?: string;
  /** Whether the data model blocked the login (from the login's report). */
  blocked: boolean;
  /** One status per data-model attribute, as the result page shows them. */
  statuses: { name: string; status: 'ok' | 'empty' | 'error' }[];
  /** The rules that fired, by code (from the login's report). */
  rules: { code: string; severity: string; attributes: string[] }[];
}

const policy = Object.values(MISSING_DATA_POLICY);
const fedByOptional = new Set<DataName>(policy.filter((r) => r.need === 'optional').flatMap((r) => r.feeds));

/**
 * The data-model attributes a passed test login must carry: those fed only by fields the missing-data
 * policy calls required (model/missing-data-policy.ts; MPASSid data model 1.4 "Mandatory"): uid, learnerId,
 * the school, role and education provider attributes. An attribute an optional field also feeds (the
 * learning materials charge, which only pupils of some schools carry) may be empty.
 */
export const REQUIRED_TEST_ATTRIBUTES: readonly DataName[] = [
  ...new Set(policy.filter((r) => r.need === 'required').flatMap((r) => r.feeds)),
].filter((name) => !fedByOptional.has(name));

/**
 * Pass or fail of a test login (docs/portal.md "Test login and production"): it passes when Passi answered
 * with a login (no protocol error, not blocked), no attribute is in error, and every required attribute is
 * OK. The problems list the attributes that are not OK with the codes that flagged them; values are never
 * kept.
 */
export function testLoginVerdict(observed: TestLoginObservation): {
  passed: boolean;
  problems: TestLoginProblems;
} {
  const codesOf = (name: string) =>
    [...new Set(observed.rules.filter((r) => r.attributes.includes(name)).map((r) => r.code))].sort();
  const attributes = observed.statuses
    .filter((s) => s.status !== 'ok')
    .map((s) => ({ attribute: s.name, status: s.status, codes: codesOf(s.name) }));
  const statusOf = new Map(observed.statuses.map((s) => [s.name, s.status]));
  const passed =
    observed.refused === undefined &&
    !observed.blocked &&
    attributes.every((a) => a.status !== 'error') &&
    REQUIRED_TEST_ATTRIBUTES.every((name) => statusOf.get(name) === 'ok');
  return {
    passed,
    problems: {
      attributes,
      rules: observed.rules.map((r) => ({ code: r.code, severity: r.severity, attributes: r.attributes })),
      ...(observed.refused === undefined ? {} : { failure: observed.refused.slice(0, 500) }),
    },
  };
}
