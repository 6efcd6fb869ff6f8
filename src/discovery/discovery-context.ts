import type { FastifyRequest } from 'fastify';
import { ErrorCodes } from '../core/error-codes.ts';
import { ensure } from '../core/errors.ts';
import type { LoginFlow } from '../core/flow/login-flow.ts';
import type { IntegrationDirectory, UpstreamIntegration } from '../core/flow/ports.ts';
import { type Language, pickText } from '../core/language.ts';
import { readFlowId } from '../http/flow-cookies.ts';
import { requestLanguage } from '../http/request-language.ts';
import type { RegistryCache, RegistrySnapshot } from '../registry/registry-snapshot.ts';
import { buildEntries } from './build-entries.ts';
import { type DiscoveryEntry, entryKey } from './discovery-entry.ts';
import type { createIndexCache } from './index-cache.ts';
import { parseRememberedChoices, REMEMBER_COOKIE } from './remembered-choices.ts';
import type { SchoolDirectory } from './school-directory.ts';
import { createSearchIndex, type SearchIndex } from './search-index.ts';

export interface DiscoverySources {
  flow: () => LoginFlow;
  directory: () => IntegrationDirectory;
  /** Discovery information lives in the registry (the flow's UpstreamIntegration does not carry it). */
  registry: () => RegistryCache;
  /**
   * Must give the same object until the organisation data changes (the index cache is bound to it);
   * `followOrgdata` (school-directory-source.ts) does that for the app's OrgdataLookup.
   */
  schools: () => SchoolDirectory | Promise<SchoolDirectory>;
}

export interface DiscoveryContext {
  lang: Language;
  serviceName: string;
  serviceLogo?: string;
  index: SearchIndex;
  /** Remembered choices that are among this service's entries, newest first. */
  recent: DiscoveryEntry[];
  /** This login's form token, carried by every POST form of the page (login CSRF). */
  formToken: string;
}

/**
 * What every discovery page needs: this browser's flow, the page language, and the search index built
 * ONLY from the service's candidates (IntegrationDirectory.candidates applies allowed
 * services, deployment phase, status and `urn:mpass.id:authntag:<tag>`, docs/registry.md).
 */
export async function loadDiscoveryContext(
  request: FastifyRequest,
  sources: DiscoverySources,
  cache: ReturnType<typeof createIndexCache>,
): Promise<DiscoveryContext> {
  const flow = await sources.flow().current(readFlowId(request));
  const lang = requestLanguage(request, flow.request.language);
  const directory = sources.directory();
  const service = await directory.service(flow.request.serviceId);
  ensure(service, ErrorCodes.SERVICE_UNKNOWN, 'the service is no longer registered');
  const candidates = await directory.candidates(flow.request.serviceId, flow.request.authnTags);
  const snapshot = await sources.registry().current();
  const schools = await sources.schools();
  const index = cache.get(
    snapshot,
    schools,
    candidates.map((c) => c.id),
    () => createSearchIndex(entriesFor(candidates, snapshot, schools)),
  );
  const recent = parseRememberedChoices(request.cookies[REMEMBER_COOKIE]).flatMap(
    (k) => index.byKey.get(k) ?? [],
  );
  const serviceLogo = snapshot.services.get(service.id)?.service.logo;
  return {
    lang,
    serviceName: pickText(service.name, lang),
    ...(serviceLogo ? { serviceLogo } : {}),
    index,
    recent,
    formToken: sources.flow().formToken(flow),
  };
}

function entriesFor(
  candidates: readonly UpstreamIntegration[],
  snapshot: RegistrySnapshot,
  schools: SchoolDirectory,
): DiscoveryEntry[] {
  const orgName = (oid: string) => snapshot.organisations.get(oid)?.name;
  const known = candidates.flatMap((c) => snapshot.integrations.get(c.id)?.integration ?? []);
  const entries = buildEntries(known, schools, orgName);
  // A candidate the registry snapshot does not (yet) know stays choosable under its flow name.
  for (const c of candidates) {
    if (snapshot.integrations.has(c.id)) continue;
    const group = { id: c.organisationOid, name: orgName(c.organisationOid) ?? { fi: c.flowName } };
    entries.push({
      key: entryKey(c.id, undefined),
      integrationId: c.id,
      name: { fi: c.flowName },
      group,
      keywords: [],
    });
  }
  return entries;
}
