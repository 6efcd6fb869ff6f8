import { describe, expect, it } from 'vitest';
import { INTERNAL_NAMES } from '../../model/attribute-mapping.ts';
import { MISSING_DATA_POLICY } from '../../model/missing-data-policy.ts';
import { PERSON_REGISTRIES } from '../../registry/organisation-schema.ts';
import { defaultMapping } from '../../upstream/index.ts';
import { readinessChecklist } from './readiness-checklist.ts';

const fieldNames = (registry: 'wilma' | 'entra') =>
  Object.fromEntries(readinessChecklist(registry).items.map((i) => [i.internalName, i.fieldName]));

describe('readiness checklist', () => {
  it('wilma: the Wilma connector’s default names, one row per internal name', () => {
    const names = fieldNames('wilma');
    expect(names).toEqual(defaultMapping('wilma'));
    expect(names).toMatchObject({ firstName: 'first_name', surname: 'last_name', schoolIds: 'schoolCodes' });
  });

  it('entra: the Graph property names of the Entra connector’s defaults', () => {
    const names = fieldNames('entra');
    expect(names).toEqual(defaultMapping('entra'));
    expect(names).toMatchObject({ username: 'id', firstName: 'givenName', learnerId: 'learnerId' });
  });

  it('every registry: need and effect from the missing-data policy, required fields first', () => {
    for (const registry of PERSON_REGISTRIES) {
      const { items } = readinessChecklist(registry);
      expect(items.map((i) => i.internalName).sort()).toEqual([...INTERNAL_NAMES].sort());
      for (const item of items) {
        const rule = MISSING_DATA_POLICY[item.internalName];
        expect(item).toMatchObject({ need: rule.need, whenMissing: rule.effect });
        expect([...item.feeds].sort()).toEqual([...rule.feeds].sort());
      }
      const needs = items.map((i) => i.need);
      expect(needs.lastIndexOf('required')).toBeLessThan(needs.indexOf('recommended'));
      expect(needs.lastIndexOf('recommended')).toBeLessThan(needs.indexOf('optional'));
    }
  });

  it('learner id is required and blocks the login (MPASSid data model: oppijanumero mandatory)', () => {
    const learner = readinessChecklist('wilma').items.find((i) => i.internalName === 'learnerId');
    expect(learner).toMatchObject({ need: 'required', whenMissing: 'login-blocked', feeds: ['learnerId'] });
  });
});
