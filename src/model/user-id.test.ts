import { describe, expect, it } from 'vitest';
import { computeUserId } from './user-id.ts';

describe('computeUserId (urn:mpass.id:uid)', () => {
  it('keeps the MPASSid formula: MPASSOID. + sha1-hex(integration id + directory id)', () => {
    // sha1("4000001mansikkala-demo_u0001"), as MPASSid computes it for integration 4000001.
    expect(computeUserId('4000001', 'mansikkala-demo_u0001')).toBe(
      'MPASSOID.64a531ef494d3f699ad0179eea04cac14256cc12',
    );
  });

  it('cannot collide across integrations: the id before the directory id always has 7 digits', () => {
    // Without the fixed width, 400000 + 1mansikkala-demo_u0001 hashes the same text as 4000001 + mansikkala-demo_u0001.
    expect(() => computeUserId('400000', '1mansikkala-demo_u0001')).toThrow(
      expect.objectContaining({ code: 'PASSI_REGISTRY_ENTRY_INVALID', status: 500 }),
    );
    expect(computeUserId('4000001', 'mansikkala-demo_u0001')).not.toBe(
      computeUserId('4000011', 'mansikkala-demo_u0001'),
    );
  });

  it.each(['400000', '40000011', 'adfs_4000001', '４０００００１', ' 4000001', '4000001\n', '0400000'])(
    'refuses integration id %j',
    (id) => {
      expect(() => computeUserId(id, 'u')).toThrow(
        expect.objectContaining({ code: 'PASSI_REGISTRY_ENTRY_INVALID', status: 500 }),
      );
    },
  );
});
