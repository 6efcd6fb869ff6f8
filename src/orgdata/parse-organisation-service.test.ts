import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { municipalityCode, parseOrganisationService } from './parse-organisation-service.ts';

const options = { source: 'test', today: '2025-01-15' };
const fixture: unknown = JSON.parse(
  readFileSync(new URL('../../test/fixtures/orgdata/hierarkia-hae.json', import.meta.url), 'utf8'),
);

describe('parseOrganisationService (OPH organisation service API; docs/decisions-data-model.md "Organisation data")', () => {
  it('reads the hierarkia/hae tree, skipping other organisation types', () => {
    const orgs = parseOrganisationService(fixture, options);
    expect(orgs.map((o) => [o.oid.slice(-2), o.kind, o.schoolCode ?? o.officeCode ?? '', o.active])).toEqual([
      ['01', 'koulutustoimija', '', true],
      ['02', 'oppilaitos', '30076', true],
      ['03', 'oppilaitos', '99977', false],
      ['04', 'oppilaitos', '99978', true],
      ['05', 'toimipiste', '9997801', true],
    ]);
    expect(orgs[1]).toEqual({
      oid: '1.2.246.562.99.00000000002',
      kind: 'oppilaitos',
      names: { fi: 'Mansikkalan testi peruskoulu' },
      schoolCode: '30076',
      institutionType: '11',
      parentOid: '1.2.246.562.99.00000000001',
      // kotipaikkaUri kunta_999; names come from the koodisto later (municipality-names.ts).
      municipality: { code: '999', names: {} },
      active: true,
      source: 'test',
    });
    expect(orgs[2]).toMatchObject({ closedOn: '2024-06-30', names: { sv: 'Mansikkala testgymnasium' } });
    expect(orgs[4]?.parentOid).toBe('1.2.246.562.99.00000000004');
  });

  it('reads an OrganisaatioRDTOV4 (`/api/{id}`)', () => {
    const rdto = {
      oid: '1.2.246.562.99.00000000002',
      parentOidPath: '|1.2.246.562.10.00000000001|1.2.246.562.99.00000000001|',
      nimi: { fi: 'Mansikkalan testi peruskoulu', en: 'Mansikkala test school' },
      tyypit: ['organisaatiotyyppi_02'],
      oppilaitosKoodi: '30076',
      oppilaitosTyyppiUri: 'oppilaitostyyppi_11#1',
      kotipaikkaUri: 'kunta_418',
      status: 'AKTIIVINEN',
    };
    expect(parseOrganisationService(rdto, options)).toEqual([
      {
        oid: '1.2.246.562.99.00000000002',
        kind: 'oppilaitos',
        names: { fi: 'Mansikkalan testi peruskoulu', en: 'Mansikkala test school' },
        schoolCode: '30076',
        institutionType: '11',
        parentOid: '1.2.246.562.99.00000000001',
        municipality: { code: '418', names: {} },
        active: true,
        source: 'test',
      },
    ]);
  });

  it.each([
    ['kunta_418', '418'],
    ['kunta_091#2', '091'],
    ['kunta_18', undefined],
    ['kunta_4180', undefined],
    ['maakunta_011', undefined],
    ['', undefined],
    [null, undefined],
  ])('kotipaikkaUri %j → municipality code %j', (uri, code) => {
    expect(municipalityCode(uri)).toBe(code);
  });

  it.each([
    [{ status: 'AKTIIVINEN', lakkautusPvm: '2025-01-14' }, false],
    [{ status: 'AKTIIVINEN', lakkautusPvm: '2025-01-15' }, true],
    [{ status: 'AKTIIVINEN', lakkautusPvm: '2026-08-01' }, true],
    [{ status: 'SUUNNITELTU' }, false],
    [{ status: 'PASSIIVINEN' }, false],
    [{}, true],
  ])('a list (`/api/muutetut`) with %j → active=%s', (fields, active) => {
    const list = [
      { oid: '1.2.246.562.99.1', tyypit: ['organisaatiotyyppi_02'], oppilaitosKoodi: '12', ...fields },
    ];
    const [org] = parseOrganisationService(list, options);
    expect(org?.active).toBe(active);
    expect(org?.schoolCode).toBeUndefined();
  });

  it.each([null, 'x', { numHits: 0 }, [{ oid: 'not an oid' }], { organisaatiot: [{ nimi: {} }] }])(
    'rejects %j with a coded error',
    (json) => {
      expect(() => parseOrganisationService(json, options)).toThrow(
        expect.objectContaining({ code: 'PASSI_ORGDATA_INVALID' }),
      );
    },
  );
});
