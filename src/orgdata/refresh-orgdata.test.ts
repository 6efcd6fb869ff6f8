import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/describe-each-store.ts';
import { MPASS_ATTRIBUTE_NAMES } from '../model/attribute-mapping.ts';
import { resolveIdentity } from '../model/resolve-identity.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../store/testing/test-db.ts';
import type { OrganisationServiceClient } from './organisation-service-client.ts';
import type { OrgdataLookup } from './orgdata-lookup.ts';
import { createOrgdataRepository, loadOrgdataLookup } from './orgdata-repository.ts';
import { refreshOrgdata, runOrgdataRefresh } from './refresh-orgdata.ts';
import { createMemoryOrgdataStore } from './testing/memory-orgdata-store.ts';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/orgdata/hierarkia-hae.json', import.meta.url));
const KUNTA = fileURLToPath(new URL('../../test/fixtures/orgdata/kunta-koodi.json', import.meta.url));
const kuntaKoodi = (): unknown => JSON.parse(readFileSync(KUNTA, 'utf8'));
const now = new Date('2025-01-15T03:00:00Z');

function loginAt(orgdata: OrgdataLookup, schoolCode: string) {
  return resolveIdentity({
    integrationId: '4000001',
    flowName: 'Adfs1',
    integrationType: 'adfs',
    mapping: { ...MPASS_ATTRIBUTE_NAMES },
    raw: {
      mpassUserIdentity: ['u1'],
      learnerId: ['1.2.246.562.24.10000000016'],
      schoolCode: [schoolCode],
      userRole: ['Opettaja'],
    },
    orgdata,
  });
}

function realStoreSuite(kind: TestStoreKind) {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a school closed in the recorded response stops resolving', async () => {
    const before = await loadOrgdataLookup(createOrgdataRepository(t.db));
    expect(loginAt(before, '99977').attributes.school).toEqual(['Mansikkalan testilukio']);

    const summary = await runOrgdataRefresh(t.db, { fromFile: FIXTURE, now });
    expect(summary).toEqual({
      source: `file:${FIXTURE}`,
      mode: 'file',
      stored: 5,
      active: 4,
      inactive: 1,
      byKind: { koulutustoimija: 1, oppilaitos: 3, toimipiste: 1 },
    });

    const after = await loadOrgdataLookup(createOrgdataRepository(t.db));
    const closed = loginAt(after, '99977');
    expect(closed.attributes.school).toBeUndefined();
    expect(closed.problems.map((p) => p.code)).toContain('SCHOOL_INACTIVE');
    expect(closed.problems.map((p) => p.code)).not.toContain('SCHOOL_UNRESOLVED');
    expect(loginAt(after, '30076').attributes.school).toEqual(['Mansikkalan testi peruskoulu']);
  });

  it('round-trips records and the refresh state; a second refresh updates in place', async () => {
    const repo = createOrgdataRepository(t.db);
    await runOrgdataRefresh(t.db, { fromFile: FIXTURE, now });
    const rows = await repo.loadAll();
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.oid === '1.2.246.562.99.00000000003')).toEqual({
      oid: '1.2.246.562.99.00000000003',
      kind: 'oppilaitos',
      names: { fi: 'Mansikkalan testilukio', sv: 'Mansikkala testgymnasium' },
      schoolCode: '99977',
      institutionType: '15',
      parentOid: '1.2.246.562.99.00000000001',
      // kunta_999 is "Ei tiedossa (kunta)": a code without a place name (municipality-names.ts).
      municipality: { code: '999', names: {} },
      active: false,
      closedOn: '2024-06-30',
      source: `file:${FIXTURE}`,
    });
    expect(await repo.lastRefresh()).toEqual({ at: now, source: `file:${FIXTURE}` });
  });

  it('stores municipality names from a recorded file that carries the koodisto response', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'passi-orgdata-')), 'recorded.json');
    const school = (oid: string, code: string, kotipaikkaUri: string) => ({
      oid,
      tyypit: ['organisaatiotyyppi_02'],
      oppilaitosKoodi: code,
      status: 'AKTIIVINEN',
      nimi: { fi: `Synteettinen koulu ${code}` },
      kotipaikkaUri,
    });
    const organisations = [
      school('1.2.246.562.99.00000000301', '90301', 'kunta_091'),
      school('1.2.246.562.99.00000000302', '90302', 'kunta_564'),
      school('1.2.246.562.99.00000000303', '90303', 'kunta_418'),
    ];
    writeFileSync(file, JSON.stringify({ organisations, municipalities: kuntaKoodi() }));
    expect(await runOrgdataRefresh(t.db, { fromFile: file, now })).toMatchObject({ mode: 'file', stored: 3 });
    const rows = await createOrgdataRepository(t.db).loadAll();
    const byOid = new Map(rows.map((r) => [r.oid, r.municipality]));
    expect(byOid.get('1.2.246.562.99.00000000301')).toEqual({
      code: '091',
      names: { fi: 'Helsinki', sv: 'Helsingfors' },
    });
    expect(byOid.get('1.2.246.562.99.00000000302')).toEqual({
      code: '564',
      names: { fi: 'Oulu', sv: 'Uleåborg' },
    });
    // 418 is not in the recorded code list (six entries): the code is kept, without names.
    expect(byOid.get('1.2.246.562.99.00000000303')).toEqual({ code: '418', names: {} });
  });
}

describeEachStore('orgdata refresh against the real store', realStoreSuite);

describe('refreshOrgdata from the organisation service', () => {
  const fixtureClient = (changes: unknown): OrganisationServiceClient & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      baseUrl: 'https://oph.test/organisaatio-service',
      koodistoUrl: 'https://oph.test/koodisto-service',
      getOrganisation: async () => ({}),
      searchHierarchy: async (q) => {
        calls.push(`hae:${q.oid ?? '*'}:${q.lakkautetut}`);
        const { readFile } = await import('node:fs/promises');
        return JSON.parse(await readFile(FIXTURE, 'utf8'));
      },
      changedSince: async (since) => {
        calls.push(`muutetut:${since.toISOString()}`);
        return changes;
      },
      municipalities: async () => {
        calls.push('kunta');
        return kuntaKoodi();
      },
    };
  };

  it('first a full load incl. closed organisations, then the change feed', async () => {
    const store = createMemoryOrgdataStore();
    const reopened = [
      {
        oid: '1.2.246.562.99.00000000003',
        tyypit: ['organisaatiotyyppi_02'],
        oppilaitosKoodi: '99977',
        status: 'AKTIIVINEN',
        parentOid: '1.2.246.562.99.00000000001',
        nimi: { fi: 'Mansikkalan testilukio' },
        // Synthetic: a test school "moved" to Turku, to see the change feed carry a named municipality.
        kotipaikkaUri: 'kunta_853',
      },
    ];
    const client = fixtureClient(reopened);
    const full = await refreshOrgdata(store, { client, now });
    expect(full).toMatchObject({
      mode: 'full',
      stored: 5,
      source: 'https://oph.test/organisaatio-service/api/hierarkia/hae',
    });
    expect((await loadOrgdataLookup(store)).bySchoolCode('99977')?.active).toBe(false);

    const later = new Date('2025-01-16T03:00:00Z');
    const changes = await refreshOrgdata(store, { client, now: later });
    expect(changes).toMatchObject({ mode: 'changes', stored: 1, active: 1 });
    // The code list is loaded first on every refresh, so a failure there writes nothing.
    expect(client.calls).toEqual(['kunta', 'hae:*:true', 'kunta', `muutetut:${now.toISOString()}`]);
    const reopenedSchool = (await loadOrgdataLookup(store)).bySchoolCode('99977');
    expect(reopenedSchool?.active).toBe(true);
    expect(reopenedSchool?.municipality).toEqual({ code: '853', names: { fi: 'Turku', sv: 'Åbo' } });
  });

  it('after a load from a recorded file, the next service refresh is a full load, not the change feed', async () => {
    const store = createMemoryOrgdataStore();
    await store.recordRefresh('file:recorded.json', now);
    const client = fixtureClient([]);
    const summary = await refreshOrgdata(store, { client, now: new Date('2025-01-16T03:00:00Z') });
    expect(summary.mode).toBe('full');
    expect(client.calls).toEqual(['kunta', 'hae:*:true']);
  });

  it('loads given subtrees on a full refresh', async () => {
    const client = fixtureClient([]);
    await refreshOrgdata(createMemoryOrgdataStore(), {
      client,
      rootOids: ['1.2.246.562.99.00000000001'],
      full: true,
      now,
    });
    expect(client.calls).toEqual(['kunta', 'hae:1.2.246.562.99.00000000001:true']);
  });

  it('writes nothing when the code list cannot be read', async () => {
    const store = createMemoryOrgdataStore();
    const client = { ...fixtureClient([]), municipalities: async () => ({ not: 'a list' }) };
    await expect(refreshOrgdata(store, { client, now })).rejects.toMatchObject({
      code: 'PASSI_ORGDATA_INVALID',
    });
    expect(await store.loadAll()).toEqual([]);
    expect(await store.lastRefresh()).toBeUndefined();
  });

  it('needs a file or a client', async () => {
    await expect(refreshOrgdata(createMemoryOrgdataStore(), {})).rejects.toThrow(TypeError);
  });
});
