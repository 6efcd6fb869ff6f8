import { describe, expect, it } from 'vitest';
import { bundledOrganisations } from './bundled-snapshot.ts';
import type { Organisation } from './organisation.ts';
import { createOrgdataIndex } from './orgdata-lookup.ts';

const school = (oid: string, active: boolean): Organisation => ({
  oid,
  kind: 'oppilaitos',
  names: { fi: oid },
  schoolCode: '30076',
  active,
  source: 'test',
});

describe('in-memory organisation index', () => {
  it('finds by school code and OID', () => {
    const lookup = createOrgdataIndex(bundledOrganisations());
    expect(lookup.bySchoolCode('30076')?.names.fi).toBe('Mansikkalan testi peruskoulu');
    expect(lookup.byOid('1.2.246.562.99.00000000001')?.kind).toBe('koulutustoimija');
    expect(lookup.bySchoolCode('99979')).toBeUndefined();
    expect(lookup.bySchoolCode('9997801')).toBeUndefined();
    expect(lookup.size).toBe(8);
  });

  it('later records win by OID', () => {
    const lookup = createOrgdataIndex([school('1.2.3', true), school('1.2.3', false)]);
    expect(lookup.byOid('1.2.3')?.active).toBe(false);
    expect(lookup.bySchoolCode('30076')?.active).toBe(false);
  });

  it('a reused code resolves to the active school', () => {
    const lookup = createOrgdataIndex([school('1.2.3', true), school('1.2.4', false)]);
    expect(lookup.bySchoolCode('30076')?.oid).toBe('1.2.3');
  });
});

describe('bundled snapshot (docs/decisions-data-model.md "Organisation data")', () => {
  it('holds only test-branch organisations, each with a source', () => {
    for (const org of bundledOrganisations()) {
      expect(org.oid).toMatch(/^1\.2\.246\.562\.99\.\d{11}$/);
      expect(org.source.length).toBeGreaterThan(10);
      if (org.schoolCode) expect(org.schoolCode).toMatch(/^(30076|9997\d)$/);
      const publicTestOrg = ['1.2.246.562.99.00000000001', '1.2.246.562.99.00000000002'].includes(org.oid);
      expect(org.source.startsWith('synthetic')).toBe(!publicTestOrg);
      // A municipality is set only where Passi can justify it, and the one it set is marked synthetic.
      if (org.municipality) {
        expect(org.municipality).toEqual({ code: '999', names: { fi: 'Mansikkala', sv: 'Mansikkala' } });
        expect(org.source).toContain("municipality 999 'Mansikkala' is synthetic");
      }
    }
    expect(bundledOrganisations().filter((o) => o.municipality)).toHaveLength(6);
  });

  it('a fresher active school wins a code over a bundled one (refreshed data over the snapshot)', () => {
    const lookup = createOrgdataIndex([school('1.2.246.562.99.1', true), school('1.2.246.562.10.2', true)]);
    expect(lookup.bySchoolCode('30076')?.oid).toBe('1.2.246.562.10.2');
    const closedLater = createOrgdataIndex([
      school('1.2.246.562.99.1', true),
      school('1.2.246.562.10.2', false),
    ]);
    expect(closedLater.bySchoolCode('30076')?.oid).toBe('1.2.246.562.99.1');
  });

  it('a closing date that has passed since the record was read closes the school', () => {
    const closing = { ...school('1.2.246.562.99.7', true), closedOn: '2026-12-31' };
    expect(createOrgdataIndex([closing], '2026-12-31').bySchoolCode('30076')?.active).toBe(true);
    expect(createOrgdataIndex([closing], '2027-01-01').bySchoolCode('30076')?.active).toBe(false);
    expect(createOrgdataIndex([closing], '2027-01-01').byOid('1.2.246.562.99.7')?.active).toBe(false);
  });
});
