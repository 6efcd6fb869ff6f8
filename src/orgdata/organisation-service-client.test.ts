import { describe, expect, it } from 'vitest';
import { createOrganisationServiceClient } from './organisation-service-client.ts';

function recorder(status = 200) {
  const calls: { url: string; headers: Headers }[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers) });
    return new Response(JSON.stringify({ ok: true }), { status });
  };
  return { calls, fetchFn };
}

describe('organisation service client (OPH organisation service API; docs/decisions-data-model.md "Organisation data")', () => {
  it('sends Caller-Id and builds the four URLs', async () => {
    const { calls, fetchFn } = recorder();
    const client = createOrganisationServiceClient({
      callerId: 'passi-test',
      baseUrl: 'https://oph.test/organisaatio-service/',
      fetch: fetchFn,
    });
    await client.getOrganisation('30076');
    await client.searchHierarchy({ oid: '1.2.246.562.99.00000000001', aktiiviset: true, lakkautetut: true });
    await client.changedSince(new Date('2025-01-01T00:00:00Z'));
    await client.municipalities();
    expect(calls.map((c) => c.url)).toEqual([
      'https://oph.test/organisaatio-service/api/30076',
      'https://oph.test/organisaatio-service/api/hierarkia/hae?oid=1.2.246.562.99.00000000001&aktiiviset=true&lakkautetut=true',
      'https://oph.test/organisaatio-service/api/muutetut?lastModifiedSince=2025-01-01T00%3A00%3A00.000Z',
      // The koodisto next to the organisation service (same host in every OPH environment).
      'https://oph.test/koodisto-service/rest/json/kunta/koodi',
    ]);
    for (const c of calls) expect(c.headers.get('Caller-Id')).toBe('passi-test');
  });

  it('defaults to OPH production', () => {
    const client = createOrganisationServiceClient({ callerId: 'x' });
    expect(client.baseUrl).toBe('https://virkailija.opintopolku.fi/organisaatio-service');
    expect(client.koodistoUrl).toBe('https://virkailija.opintopolku.fi/koodisto-service');
    const elsewhere = { callerId: 'x', baseUrl: 'http://localhost:9/orgs' };
    expect(createOrganisationServiceClient(elsewhere).koodistoUrl).toBe(
      'https://virkailija.opintopolku.fi/koodisto-service',
    );
    expect(
      createOrganisationServiceClient({ ...elsewhere, koodistoUrl: 'http://localhost:9/koodisto/' })
        .koodistoUrl,
    ).toBe('http://localhost:9/koodisto');
  });

  it('fails with a coded error on HTTP errors', async () => {
    const client = createOrganisationServiceClient({ callerId: 'x', fetch: recorder(503).fetchFn });
    await expect(client.getOrganisation('1.2.3')).rejects.toMatchObject({
      code: 'PASSI_ORGDATA_FETCH_FAILED',
    });
  });
});
