import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMunicipalityNames, withMunicipalityNames } from './municipality-names.ts';
import type { Organisation } from './organisation.ts';

/** Six entries of koodisto `kunta` (docs/decisions-data-model.md "Municipality" says where they come from). */
const fixture: unknown = JSON.parse(
  readFileSync(new URL('../../test/fixtures/orgdata/kunta-koodi.json', import.meta.url), 'utf8'),
);

describe('municipality names from koodisto kunta (docs/decisions-data-model.md "Municipality")', () => {
  it('reads fi and sv names by code, leaving out the artificial 999 "Ei tiedossa (kunta)"', () => {
    expect(Object.fromEntries(parseMunicipalityNames(fixture))).toEqual({
      '091': { fi: 'Helsinki', sv: 'Helsingfors' },
      '049': { fi: 'Espoo', sv: 'Esbo' },
      '837': { fi: 'Tampere', sv: 'Tammerfors' },
      '853': { fi: 'Turku', sv: 'Åbo' },
      '564': { fi: 'Oulu', sv: 'Uleåborg' },
    });
  });

  it('skips entries that are not kunta_<3 digits> or have no name, and normalises names to NFC', () => {
    const names = parseMunicipalityNames([
      { koodiUri: 'maakunta_01', koodiArvo: '01', metadata: [{ kieli: 'FI', nimi: 'Uusimaa' }] },
      { koodiUri: 'kunta_092', koodiArvo: '091', metadata: [{ kieli: 'FI', nimi: 'x' }] },
      { koodiUri: 'kunta_200', koodiArvo: '200', metadata: [{ kieli: 'FI', nimi: 'Ulkomaa' }] },
      { koodiUri: 'kunta_020', koodiArvo: '020', metadata: [{ kieli: 'EN', nimi: 'Akaa' }] },
      { koodiUri: 'kunta_989', koodiArvo: '989', metadata: [{ kieli: 'fi', nimi: ' A\u0308hta\u0308ri ' }] },
    ]);
    expect(Object.fromEntries(names)).toEqual({ '989': { fi: 'Ähtäri' } });
  });

  it.each([null, {}, [{ koodiArvo: '091' }], [{ koodiUri: 'kunta_091', koodiArvo: '091', metadata: 'x' }]])(
    'rejects %j with a coded error',
    (json) => {
      expect(() => parseMunicipalityNames(json)).toThrow(
        expect.objectContaining({ code: 'PASSI_ORGDATA_INVALID' }),
      );
    },
  );

  it('names the municipalities of organisations; unknown codes stay nameless', () => {
    const org = (oid: string, code?: string): Organisation => ({
      oid,
      kind: 'oppilaitos',
      names: { fi: oid },
      active: true,
      source: 'test',
      ...(code ? { municipality: { code, names: {} } } : {}),
    });
    const named = withMunicipalityNames(
      [org('1.2.1', '853'), org('1.2.2', '999'), org('1.2.3')],
      parseMunicipalityNames(fixture),
    );
    expect(named.map((o) => o.municipality)).toEqual([
      { code: '853', names: { fi: 'Turku', sv: 'Åbo' } },
      { code: '999', names: {} },
      undefined,
    ]);
  });
});
