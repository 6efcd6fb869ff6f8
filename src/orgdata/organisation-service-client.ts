import { PassiError } from '../core/errors.ts';

/**
 * A small client for OPH's public organisation service (mpassid-reference.md §11). OPH requires a
 * `Caller-Id` header on its open APIs. Only refresh jobs use it: login-path lookups never do.
 */
export const OPH_ORGANISATION_SERVICE = 'https://virkailija.opintopolku.fi/organisaatio-service';

export interface OrganisationServiceClientOptions {
  /** e.g. `1.2.246.562.10.00000000001.passi` — identifies the caller to OPH. */
  callerId: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface HierarchyQuery {
  oid?: string;
  aktiiviset?: boolean;
  suunnitellut?: boolean;
  lakkautetut?: boolean;
  organisaatiotyyppi?: string;
}

export interface OrganisationServiceClient {
  readonly baseUrl: string;
  /** `GET /api/{id}`: id = OID, Y-tunnus, oppilaitoskoodi or toimipistekoodi. */
  getOrganisation(id: string): Promise<unknown>;
  /** `GET /api/hierarkia/hae`. */
  searchHierarchy(query: HierarchyQuery): Promise<unknown>;
  /** `GET /api/muutetut?lastModifiedSince=` change feed. */
  changedSince(since: Date): Promise<unknown>;
}

export function createOrganisationServiceClient(
  options: OrganisationServiceClientOptions,
): OrganisationServiceClient {
  const baseUrl = (options.baseUrl ?? OPH_ORGANISATION_SERVICE).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const get = async (path: string, query: Record<string, string> = {}): Promise<unknown> => {
    const url = new URL(`${baseUrl}/api/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const response = await doFetch(url, {
      headers: { 'Caller-Id': options.callerId, Accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    if (!response.ok) {
      throw new PassiError(
        'PASSI_ORGDATA_FETCH_FAILED',
        `organisation service: HTTP ${response.status} for ${url}`,
        {
          status: 502,
        },
      );
    }
    return response.json();
  };
  return {
    baseUrl,
    getOrganisation: (id) => get(encodeURIComponent(id)),
    searchHierarchy: (q) => {
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(q)) if (v !== undefined) query[k] = String(v);
      return get('hierarkia/hae', query);
    },
    changedSince: (since) => get('muutetut', { lastModifiedSince: since.toISOString() }),
  };
}
