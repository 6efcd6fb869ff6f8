import { describe, expect, it } from 'vitest';
import { bundledOrganisations } from './bundled-snapshot.ts';
import { activeSchoolsOf, findProvidersByName } from './find-organisations.ts';
import { createOrgdataIndex } from './orgdata-lookup.ts';

const orgdata = createOrgdataIndex(bundledOrganisations(), '2026-03-02');

describe('finding education providers for the join form', () => {
  it('matches every word of the name in any language, case and punctuation aside; providers only', () => {
    expect(findProvidersByName(orgdata, 'mustikkalan TESTIKOULUTUSTOIMIJA').map((o) => o.oid)).toEqual([
      '1.2.246.562.99.00000000010',
    ]);
    expect(findProvidersByName(orgdata, 'Mansikkala, test education provider').map((o) => o.oid)).toEqual([
      '1.2.246.562.99.00000000001',
    ]);
    expect(findProvidersByName(orgdata, 'Mustikkalan testikoulu').map((o) => o.kind)).toEqual([
      'koulutustoimija',
    ]);
    expect(findProvidersByName(orgdata, 'Oppimisalusta Oy')).toEqual([]);
    expect(findProvidersByName(orgdata, ' , ')).toEqual([]);
  });

  it('lists the active schools under a provider, not its offices or closed schools', () => {
    const names = activeSchoolsOf(orgdata, '1.2.246.562.99.00000000001').map((o) => o.names.fi);
    expect(names).toContain('Mansikkalan testi peruskoulu');
    expect(names).not.toContain('Mansikkalan lakkautettu testikoulu');
    expect(names).not.toContain('Mansikkalan testiammattiopisto, Keskustan toimipiste');
  });
});
