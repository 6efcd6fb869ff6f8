import { ErrorCodes } from '../core/error-codes.ts';
import { createOutboundClient } from '../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../outbound/outbound-limits.ts';

/**
 * A small client for OPH's public organisation service and the one koodisto code list the organisation
 * data needs (https://virkailija.opintopolku.fi/organisaatio-service/swagger-ui/index.html). OPH requires a `Caller-Id` header on its open APIs. Only refresh
 * jobs use it: login-path lookups never do.
 */
export const OPH_ORGANISATION_SERVICE = 'https://virkailija.opintopolku.fi/organisaatio-service';
export const OPH_KOODISTO_SERVICE = 'https://virkailija.opintopolku.fi/koodisto-service';

export interface OrganisationServiceClientOptions {
  /** e.g. `1.2.246.562.10.00000000001.passi` — identifies the caller to OPH. */
  callerId: string;
  baseUrl?: string;
  /**
   * Default: the `koodisto-service` next to `baseUrl` when that ends in `/organisaatio-service` (OPH serves
   * both from the same host in every environment), else OPH production.
   */
  koodistoUrl?: string;
  fetch?: typeof fetch;
  /** Default OUTBOUND_LIMITS.orgdata (60 s). */
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
  readonly koodistoUrl: string;
  /** `GET /api/{id}`: id = OID, Y-tunnus, oppilaitoskoodi or toimipistekoodi. */
  getOrganisation(id: string): Promise<unknown>;
  /** `GET /api/hierarkia/hae`. */
  searchHierarchy(query: HierarchyQuery): Promise<unknown>;
  /** `GET /api/muutetut?lastModifiedSince=` change feed. */
  changedSince(since: Date): Promise<unknown>;
  /** Koodisto `GET /rest/json/kunta/koodi`: the municipality code list (municipality-names.ts). */
  municipalities(): Promise<unknown>;
}

export function createOrganisationServiceClient(
  options: OrganisationServiceClientOptions,
): OrganisationServiceClient {
  const baseUrl = (options.baseUrl ?? OPH_ORGANISATION_SERVICE).replace(/\/+$/, '');
  const koodistoUrl = (options.koodistoUrl ?? siblingKoodisto(baseUrl)).replace(/\/+$/, '');
  // Limits and redirects as every outbound call (docs/architecture.md "Outbound HTTP"); OPH is not a
  // school, so its failures keep the organisation data codes instead of the upstream vocabulary.
  const outbound = createOutboundClient({
    peer: 'the organisation service',
    limits: {
      ...OUTBOUND_LIMITS.orgdata,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
    fetch: options.fetch,
    codes: {
      unreachable: ErrorCodes.ORGDATA_FETCH_FAILED,
      failed: ErrorCodes.ORGDATA_FETCH_FAILED,
      invalid: ErrorCodes.ORGDATA_INVALID,
      config: ErrorCodes.CONFIG_INVALID,
    },
  });
  const get = async (href: string, query: Record<string, string> = {}): Promise<unknown> => {
    const url = new URL(href);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    // A public, read-only API sent no credentials: its redirects (moved paths) are followed, as before.
    return outbound.json(url.href, {
      headers: { 'Caller-Id': options.callerId, Accept: 'application/json' },
      followRedirects: true,
    });
  };
  const api = `${baseUrl}/api/`;
  return {
    baseUrl,
    koodistoUrl,
    getOrganisation: (id) => get(api + encodeURIComponent(id)),
    searchHierarchy: (q) => {
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(q)) if (v !== undefined) query[k] = String(v);
      return get(`${api}hierarkia/hae`, query);
    },
    changedSince: (since) => get(`${api}muutetut`, { lastModifiedSince: since.toISOString() }),
    municipalities: () => get(`${koodistoUrl}/rest/json/kunta/koodi`),
  };
}

function siblingKoodisto(baseUrl: string): string {
  return baseUrl.endsWith('/organisaatio-service')
    ? `${baseUrl.slice(0, -'/organisaatio-service'.length)}/koodisto-service`
    : OPH_KOODISTO_SERVICE;
}
