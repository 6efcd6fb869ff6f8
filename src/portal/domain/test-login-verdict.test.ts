import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_CATALOGUE } from '../../model/attribute-catalogue.ts';
import {
  REQUIRED_TEST_ATTRIBUTES,
  type TestLoginObservation,
  testLoginVerdict,
} from './test-login-verdict.ts';

const allOk = (): TestLoginObservation => ({
  protocol: 'saml',
  blocked: false,
  statuses: ATTRIBUTE_CATALOGUE.map((e) => ({ name: e.name, status: 'ok' as const })),
  rules: [],
});

describe('test login verdict', () => {
  it('names the attributes fed only by required registry fields', () => {
    expect([...REQUIRED_TEST_ATTRIBUTES].sort()).toEqual(
      [
        'educationProvider',
        'educationProviderId',
        'educationProviderInfo',
        'learnerId',
        'role',
        'school',
        'schoolCode',
        'schoolInfo',
        'uid',
      ].sort(),
    );
  });

  it('passes a login with every attribute OK', () => {
    expect(testLoginVerdict(allOk())).toEqual({ passed: true, problems: { attributes: [], rules: [] } });
  });

  it('passes with an empty recommended attribute and lists it', () => {
    const o = allOk();
    o.statuses = o.statuses.map((s) => (s.name === 'firstName' ? { ...s, status: 'empty' } : s));
    o.rules = [{ code: 'FIRST_NAME_MISSING', severity: 'warning', attributes: ['firstName'] }];
    const v = testLoginVerdict(o);
    expect(v.passed).toBe(true);
    expect(v.problems.attributes).toEqual([
      { attribute: 'firstName', status: 'empty', codes: ['FIRST_NAME_MISSING'] },
    ]);
  });

  it('fails when a required attribute is empty', () => {
    const o = allOk();
    o.statuses = o.statuses.map((s) => (s.name === 'schoolCode' ? { ...s, status: 'empty' } : s));
    expect(testLoginVerdict(o).passed).toBe(false);
  });

  it('fails when any attribute is in error, and when the login was blocked or refused', () => {
    const o = allOk();
    o.statuses = o.statuses.map((s) => (s.name === 'classLevel' ? { ...s, status: 'error' } : s));
    expect(testLoginVerdict(o).passed).toBe(false);
    expect(testLoginVerdict({ ...allOk(), blocked: true }).passed).toBe(false);
    const refused = testLoginVerdict({ ...allOk(), refused: 'urn:oasis:names:tc:SAML:2.0:status:Responder' });
    expect(refused.passed).toBe(false);
    expect(refused.problems.failure).toBe('urn:oasis:names:tc:SAML:2.0:status:Responder');
  });
});
