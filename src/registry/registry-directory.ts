import type { FlowService, IntegrationDirectory, UpstreamIntegration } from '../core/flow/ports.ts';
import type { Integration } from './integration-schema.ts';
import {
  type IntegrationEntry,
  integrationAllowsService,
  phasesMatch,
  type RegistryCache,
} from './registry-snapshot.ts';
import { agreementMissing } from './service-agreements.ts';
import type { Service } from './service-schema.ts';

/**
 * The flow's view of the registry (core port IntegrationDirectory): which integrations may serve a
 * service — active, allowing the service (empty list = all), in the matching deployment phase, and
 * carrying every requested `urn:mpass.id:authntag` tag (docs/registry.md). A service by agreement keeps
 * the integrations whose organisation has no accepted agreement, marked, so the login can say why.
 */
export function createRegistryDirectory(registry: RegistryCache): IntegrationDirectory {
  return {
    async service(serviceId) {
      const entry = (await registry.current()).services.get(serviceId);
      return entry && entry.service.status === 'active' ? toFlowService(entry.service) : undefined;
    },
    async candidates(serviceId, tags) {
      const snapshot = await registry.current();
      const service = snapshot.services.get(serviceId)?.service;
      if (service?.status !== 'active') return [];
      return [...snapshot.integrations.values()]
        .filter(({ integration }) => integration.status === 'active')
        .filter(
          ({ integration }) =>
            integrationAllowsService(integration, service) && phasesMatch(integration, service),
        )
        .filter(({ integration }) => tags.every((t) => integration.discovery.tags.includes(t)))
        .map((entry) =>
          agreementMissing(snapshot.acceptedAgreements, entry.integration, service)
            ? { ...toUpstreamIntegration(entry), agreementMissing: true }
            : toUpstreamIntegration(entry),
        );
    },
    async byId(integrationId) {
      const entry = (await registry.current()).integrations.get(integrationId);
      return entry && entry.integration.status === 'active' ? toUpstreamIntegration(entry) : undefined;
    },
  };
}

export function toFlowService(service: Service): FlowService {
  return {
    id: service.id,
    name: service.name,
    protocol: service.protocol,
    allowTestLearnerId: service.allowTestLearnerId,
    ...(service.releasedAttributes ? { releasedAttributes: service.releasedAttributes } : {}),
  };
}

// One frozen copy of an integration's settings per registry entry (a registry change brings new entries):
// no caller can change the registry's object, and the connectors may keep what they derive from the settings
// keyed by this object (saml-sp-settings.ts) for as long as the snapshot lives.
const settingsOfEntry = new WeakMap<IntegrationEntry, Readonly<Record<string, unknown>>>();

export function toUpstreamIntegration(entry: IntegrationEntry): UpstreamIntegration {
  const i: Integration = entry.integration;
  let settings = settingsOfEntry.get(entry);
  if (!settings) {
    settings = Object.freeze({ ...i.settings });
    settingsOfEntry.set(entry, settings);
  }
  return {
    id: i.id,
    type: i.type,
    flowName: i.flowName,
    organisationOid: i.organisationOid,
    settings,
    secrets: entry.secrets,
  };
}
