import { describe, expect, it } from 'vitest';
import { buildEntries } from './build-entries.ts';
import { PROVIDER_A, PROVIDER_B, TEST_ORGANISATIONS, testIntegration } from './discovery.test-data.ts';
import type { DiscoveryEntry } from './discovery-entry.ts';
import { createSchoolDirectory } from './school-directory.ts';

const schools = createSchoolDirectory(TEST_ORGANISATIONS);
const codes = (entries: { school?: string }[]) => entries.map((e) => e.school);

describe('entries from integrations and organisation data (docs/discovery.md "What is listed")', () => {
  it('lists the active schools of the organisation with MPASSid institution types (koodisto mpassidnsallimatoppilaitostyypit) by default', () => {
    const entries = buildEntries([testIntegration('4000101', PROVIDER_A)], schools);
    // 91004 is closed; 91005 has institution type 99 (not in mpassidnsallimatoppilaitostyypit).
    expect(codes(entries).sort()).toEqual(['91001', '91002', '91003']);
    expect(entries[0]?.group).toEqual({
      id: PROVIDER_A,
      name: { fi: 'Ähtärin kaupunki', sv: 'Etseri stad' },
    });
    expect(entries[0]?.title).toEqual({ fi: 'Ähtärin kaupunki', sv: 'Etseri stad' });
  });

  it("narrows by the integration's institution types", () => {
    expect(
      codes(
        buildEntries([testIntegration('4000101', PROVIDER_A, { institutionTypes: [15, 61] })], schools),
      ).sort(),
    ).toEqual(['91002', '91003']);
  });

  it('leaves excluded schools out, by code or OID', () => {
    const integration = testIntegration('4000101', PROVIDER_A, {
      excludedSchools: ['91001', '1.2.246.562.99.00000000103'],
    });
    expect(codes(buildEntries([integration], schools))).toEqual(['91003']);
  });

  it('lists only the named schools, active and of the organisation', () => {
    const integration = testIntegration('4000101', PROVIDER_A, {
      schools: ['91002', '91004', '92001', '1.2.246.562.99.00000000104'],
    });
    // 91004 is closed; 92001 belongs to another provider.
    expect(codes(buildEntries([integration], schools))).toEqual(['91002', '91003']);
  });

  it('shows one entry for the integration when showSchools is false, with its display name and title', () => {
    const integration = testIntegration('4000201', PROVIDER_B, {
      showSchools: false,
      displayName: { fi: 'Turunmaan koulut', sv: 'Åbolands skolor' },
      title: { fi: 'perusaste' },
      logo: 'abo.png',
    });
    expect(buildEntries([integration], schools)).toEqual([
      {
        key: '4000201~',
        integrationId: '4000201',
        name: { fi: 'Turunmaan koulut', sv: 'Åbolands skolor' },
        title: { fi: 'perusaste' },
        group: { id: PROVIDER_B, name: { fi: 'Åbolands skolor', sv: 'Åbolands skolor' } },
        keywords: [
          { fi: 'Åbolands skolor', sv: 'Åbolands skolor' },
          { fi: 'Turunmaan koulut', sv: 'Åbolands skolor' },
        ],
        logo: 'abo.png',
      },
    ]);
  });

  it('puts a title in parentheses after every school when set', () => {
    const entries = buildEntries(
      [testIntegration('4000201', PROVIDER_B, { title: { fi: 'Turku (perusaste)' } })],
      schools,
    );
    expect(entries.map((e) => e.title?.fi)).toEqual(['Turku (perusaste)', 'Turku (perusaste)']);
  });

  it('keeps an integration reachable when the organisation data knows none of its schools', () => {
    const entries = buildEntries(
      [testIntegration('4000901', '1.2.246.562.99.00000000999', { displayName: { fi: 'Tuntematon' } })],
      schools,
      () => ({ fi: 'Rekisterin nimi' }),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      key: '4000901~',
      name: { fi: 'Tuntematon' },
      group: { name: { fi: 'Rekisterin nimi' } },
    });
  });

  it('carries the municipality of each school when the organisation data names it', () => {
    const entries = buildEntries([testIntegration('4000201', PROVIDER_B)], schools);
    expect(entries.map((e) => [e.school, e.municipality])).toEqual([
      ['92001', { fi: 'Parainen', sv: 'Pargas' }],
      ['92002', { fi: 'Kemiönsaari', sv: 'Kimitoön' }],
    ]);
    expect(buildEntries([testIntegration('4000101', PROVIDER_A)], schools)[0]).not.toHaveProperty(
      'municipality',
    );
    // An integration of one school, shown as one entry, carries that school's municipality.
    const single = testIntegration('4000301', '1.2.246.562.99.00000000203', { showSchools: false });
    expect(buildEntries([single], schools)[0]?.municipality).toEqual({ fi: 'Kemiönsaari', sv: 'Kimitoön' });
  });

  it("lists an integration of a single school under that school's provider", () => {
    const entries = buildEntries([testIntegration('4000301', '1.2.246.562.99.00000000202')], schools);
    expect(entries).toMatchObject([{ key: '4000301~92001', group: { id: PROVIDER_B } }]);
  });

  describe('an organisation with more than one integration on the page', () => {
    const wilma = testIntegration(
      '4000501',
      PROVIDER_B,
      {},
      {
        type: 'wilma',
        settings: { kind: 'wilma', hostname: 'wilma.example' },
      },
    );
    const entra = testIntegration(
      '4000502',
      PROVIDER_B,
      {},
      {
        type: 'entra',
        settings: {
          kind: 'entra',
          tenantId: '00000000-0000-4000-8000-000000000001',
          clientId: '00000000-0000-4000-8000-000000000002',
        },
      },
    );
    const method = (entries: DiscoveryEntry[], key: string) => entries.find((e) => e.key === key)?.method;

    it("names each integration's login method with its entries (Wilma, Microsoft 365), and only there", () => {
      const entries = buildEntries([wilma, entra, testIntegration('4000101', PROVIDER_A)], schools);
      expect(method(entries, '4000501~92001')).toEqual({ fi: 'Wilma', sv: 'Wilma', en: 'Wilma' });
      expect(method(entries, '4000502~92001')).toEqual({
        fi: 'Microsoft 365',
        sv: 'Microsoft 365',
        en: 'Microsoft 365',
      });
      expect(method(entries, '4000501~92002')?.fi).toBe('Wilma');
      // Provider A has one integration: its entries stay as they were.
      expect(entries.filter((e) => e.integrationId === '4000101').every((e) => e.method === undefined)).toBe(
        true,
      );
      // The method is searchable too.
      expect(entries.find((e) => e.key === '4000501~92001')?.keywords).toContainEqual({
        fi: 'Wilma',
        sv: 'Wilma',
        en: 'Wilma',
      });
    });

    it('one integration of an organisation alone gets no method, whatever its type', () => {
      expect(buildEntries([wilma], schools).every((e) => e.method === undefined)).toBe(true);
    });

    it('names the test directory in fi/sv/en', () => {
      const entries = buildEntries([wilma, testIntegration('4000503', PROVIDER_B)], schools);
      expect(method(entries, '4000503~92001')).toEqual({
        fi: 'Testitunnukset',
        sv: 'Testkonton',
        en: 'Test accounts',
      });
    });

    it('two integrations of the same type are told apart by display name, else by flow name', () => {
      const named = testIntegration('4000503', PROVIDER_B, { displayName: { fi: 'Oppilaat', sv: 'Elever' } });
      const unnamed = testIntegration('4000504', PROVIDER_B);
      const entries = buildEntries([named, unnamed], schools);
      expect(method(entries, '4000503~92001')).toEqual({ fi: 'Oppilaat', sv: 'Elever' });
      expect(method(entries, '4000504~92001')).toEqual({ fi: 'Flow4000504' });
    });
  });
});
