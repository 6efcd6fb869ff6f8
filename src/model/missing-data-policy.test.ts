import { describe, expect, it } from 'vitest';
import type { RawAttributes } from '../core/upstream-identity.ts';
import { bundledOrganisations } from '../orgdata/bundled-snapshot.ts';
import { createOrgdataIndex } from '../orgdata/orgdata-lookup.ts';
import { INTERNAL_NAMES, MPASS_ATTRIBUTE_NAMES } from './attribute-mapping.ts';
import { MISSING_DATA_POLICY } from './missing-data-policy.ts';
import { resolveIdentity } from './resolve-identity.ts';

const orgdata = createOrgdataIndex(bundledOrganisations());
const FULL: Record<string, string> = {
  mpassUserIdentity: 'guid-1',
  firstName: 'Testi',
  surname: 'Oppilas',
  nickName: 'Tessa',
  learnerId: '1.2.246.562.24.10000000016',
  schoolCode: '30076',
  userRole: 'Oppilas',
  class: '7B',
  classLevel: '7',
  learningMaterialsCharge: '1',
};

function resolveWithout(skip: string | undefined) {
  const raw: RawAttributes = {};
  for (const [k, v] of Object.entries(FULL)) if (k !== skip) raw[k] = [v];
  return resolveIdentity({
    integrationId: '4000001',
    flowName: 'Adfs4000001',
    integrationType: 'adfs',
    mapping: { ...MPASS_ATTRIBUTE_NAMES },
    raw,
    orgdata,
  });
}

describe('missing-data policy = what the resolver does', () => {
  it('a complete record releases every attribute the policy says the fields feed', () => {
    const full = resolveWithout(undefined);
    expect(full.problems).toEqual([]);
    for (const rule of Object.values(MISSING_DATA_POLICY))
      for (const name of rule.feeds) expect(full.attributes[name], name).toBeDefined();
  });

  it.each(INTERNAL_NAMES)('without %s: the stated problem and effect', (name) => {
    const rule = MISSING_DATA_POLICY[name];
    const r = resolveWithout(MPASS_ATTRIBUTE_NAMES[name]);
    expect(r.problems.map((p) => p.code)).toEqual(rule.problem ? [rule.problem] : []);
    expect(r.blocked).toBe(rule.effect === 'login-blocked' || rule.effect === 'nothing-sent');
    if (rule.effect === 'nothing-sent') expect(r.attributes).toEqual({});
    if (rule.effect === 'left-out' || rule.effect === 'dependents-dropped') {
      const own = rule.feeds.filter((f) => f !== 'role' || name !== 'groups');
      for (const attribute of own) expect(r.attributes[attribute], attribute).toBeUndefined();
    }
    expect(rule.need === 'required').toBe(rule.effect !== 'left-out');
  });
});
