import type { Integration } from './integration-schema.ts';
import type { Organisation } from './organisation-schema.ts';
import type { RegistryRepository } from './registry-repository.ts';
import type { Service } from './service-schema.ts';
import type { ServiceSet } from './service-set-schema.ts';

export interface IntegrationEntry {
  integration: Integration;
  secrets: Record<string, string>;
}

export interface ServiceEntry {
  service: Service;
  secrets: Record<string, string>;
}

/** The registry as one node sees it: indexed for the login path. */
export interface RegistrySnapshot {
  version: bigint;
  organisations: Map<string, Organisation>;
  serviceSets: Map<string, ServiceSet>;
  services: Map<string, ServiceEntry>;
  servicesBySamlEntityId: Map<string, ServiceEntry>;
  servicesByClientId: Map<string, ServiceEntry>;
  integrations: Map<string, IntegrationEntry>;
  integrationsByFlowName: Map<string, IntegrationEntry>;
  /** Accepted agreements for services by agreement, as `agreementKey`s (service-agreements.ts). */
  acceptedAgreements: ReadonlySet<string>;
}

/** Where the accepted agreements come from (service-agreements.ts `loadAcceptedAgreements`); none without. */
export type AcceptedAgreementsLoader = () => Promise<ReadonlySet<string>>;

const NO_AGREEMENTS: AcceptedAgreementsLoader = async () => new Set();

export async function loadRegistrySnapshot(
  repo: RegistryRepository,
  agreements: AcceptedAgreementsLoader = NO_AGREEMENTS,
): Promise<RegistrySnapshot> {
  const version = await repo.version();
  const [organisations, serviceSets, services, integrations, acceptedAgreements] = await Promise.all([
    repo.list('organisation'),
    repo.list('serviceSet'),
    repo.list('service'),
    repo.list('integration'),
    agreements(),
  ]);
  const serviceEntries = services.map((s) => ({ service: s.doc, secrets: s.secrets }));
  const integrationEntries = integrations.map((i) => ({ integration: i.doc, secrets: i.secrets }));
  return {
    version,
    organisations: new Map(organisations.map((o) => [o.id, o.doc])),
    serviceSets: new Map(serviceSets.map((s) => [s.id, s.doc])),
    services: new Map(serviceEntries.map((e) => [e.service.id, e])),
    servicesBySamlEntityId: new Map(
      serviceEntries.flatMap((e) =>
        e.service.protocol === 'saml' ? [[e.service.saml.entityId, e] as const] : [],
      ),
    ),
    servicesByClientId: new Map(
      serviceEntries.flatMap((e) =>
        e.service.protocol === 'oidc' ? [[e.service.oidc.clientId, e] as const] : [],
      ),
    ),
    integrations: new Map(integrationEntries.map((e) => [e.integration.id, e])),
    integrationsByFlowName: new Map(integrationEntries.map((e) => [e.integration.flowName, e])),
    acceptedAgreements,
  };
}

/**
 * Per-node registry cache (a registry change applies to the next request, on every node).
 * While the node listens for change notifications (PostgreSQL LISTEN, or in-process for the embedded
 * store) and none arrived, the snapshot is served without a query; a notification, or a lost listener,
 * makes the next call compare the stored version and reload when it moved. A notification can also be
 * lost without anyone noticing (a firewall silently dropping the listening connection), so the version is
 * compared at least once per `recheckMs` in any case (docs/operations.md "When the database is
 * unavailable").
 */
export function createRegistryCache(
  repo: RegistryRepository,
  options: { recheckMs?: number; now?: () => number; agreements?: AcceptedAgreementsLoader } = {},
) {
  const recheckMs = options.recheckMs ?? 5000;
  const now = options.now ?? Date.now;
  let snapshot: RegistrySnapshot | undefined;
  let pending: Promise<RegistrySnapshot> | undefined;
  let listening = false;
  let dirty = true;
  let checkedAt = 0;
  const changeListeners = new Set<() => void>();
  const markDirty = () => {
    dirty = true;
  };
  const changed = () => {
    markDirty();
    for (const listener of changeListeners) listener();
  };
  repo.onChange(changed);
  const reload = async (): Promise<RegistrySnapshot> => {
    // Cleared before reading: a notification arriving during the reload marks it dirty again.
    dirty = false;
    checkedAt = now();
    const version = await repo.version();
    if (!snapshot || snapshot.version !== version)
      snapshot = await loadRegistrySnapshot(repo, options.agreements);
    return snapshot;
  };
  return {
    async current(): Promise<RegistrySnapshot> {
      // Callers arriving while a reload runs wait for it, so none is served the snapshot being replaced.
      if (pending) return pending;
      if (snapshot && listening && !dirty && now() - checkedAt < recheckMs) return snapshot;
      pending = reload().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    /** Change notification from another process. */
    invalidate: changed,
    /** Called after every registry change this node learns of (its own commits and notifications). */
    onChange(listener: () => void): void {
      changeListeners.add(listener);
    },
    /** Whether notifications are being received (false: check the version on every call). */
    setListening(value: boolean): void {
      listening = value;
      dirty = true;
    },
  };
}

export type RegistryCache = ReturnType<typeof createRegistryCache>;

/** Whether an integration allows a service (allowed services: set or service ids; empty = all). */
export function integrationAllowsService(integration: Integration, service: Service): boolean {
  if (service.alwaysAllowed) return true;
  if (integration.allowedServices.length === 0) return true;
  return integration.allowedServices.some((ref) => ref === service.id || service.serviceSets.includes(ref));
}

/**
 * Test integrations serve test services; production and pre-production serve production ones
 * (docs/registry.md). No flag crosses this line: a test service may have a plain-http ACS on any host and
 * test-grade keys, so `alwaysAllowed` (which only overrides an integration's `allowedServices`) does not
 * let it receive a production school's pupils. A test-directory integration (public demo passwords) serves
 * only the test phase, even if one was stored in another phase before the import refused that.
 */
export function phasesMatch(integration: Integration, service: Service): boolean {
  const isTest = (p: string) => p === 'test';
  if (integration.type === 'test-directory' && !isTest(integration.deploymentPhase)) return false;
  return isTest(integration.deploymentPhase) === isTest(service.deploymentPhase);
}
