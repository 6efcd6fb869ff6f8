import { describe, expect, it } from 'vitest';
import { INTEGRATION_TYPES } from '../upstream/index.ts';
import { organisationSchema, PERSON_REGISTRIES } from './organisation-schema.ts';

describe('organisation schema', () => {
  it('offers every integration type but the test directory as a person registry', () => {
    expect([...PERSON_REGISTRIES].sort()).toEqual(
      INTEGRATION_TYPES.filter((t) => t !== 'test-directory').sort(),
    );
  });

  it('takes contacts by kind and refuses an unknown kind or a bad address', () => {
    const base = { oid: '1.2.246.562.10.00000000001', name: { fi: 'Testikunta' } };
    const ok = organisationSchema.safeParse({
      ...base,
      contacts: [{ kind: 'technical', name: 'Tea Tekninen', email: 'tea@example.fi' }],
      personRegistries: ['wilma'],
    });
    expect(ok.success).toBe(true);
    expect(
      organisationSchema.safeParse({
        ...base,
        contacts: [{ kind: 'boss', name: 'X', email: 'x@example.fi' }],
      }).success,
    ).toBe(false);
    expect(
      organisationSchema.safeParse({
        ...base,
        contacts: [{ kind: 'security', name: 'X', email: 'not-mail' }],
      }).success,
    ).toBe(false);
    expect(organisationSchema.safeParse({ ...base, personRegistries: ['test-directory'] }).success).toBe(
      false,
    );
  });
});
