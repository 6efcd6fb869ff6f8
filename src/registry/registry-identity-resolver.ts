import { ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import type { FlowService, IdentityResolver } from '../core/flow/ports.ts';
import { applyServicePolicy } from '../model/apply-service-policy.ts';
import { effectiveMapping, type UpstreamType } from '../model/attribute-mapping.ts';
import { resolveIdentity } from '../model/resolve-identity.ts';
import type { OrgdataLookup } from '../orgdata/orgdata-lookup.ts';
import type { RegistryCache } from './registry-snapshot.ts';

/**
 * Resolution for the flow (core port IdentityResolver): the integration's mapping (type defaults +
 * overrides, §4.2), the data-model rules against organisation data, then the service's policy (§3.2).
 */
export function createRegistryIdentityResolver(
  registry: RegistryCache,
  orgdata: () => OrgdataLookup,
): IdentityResolver {
  return {
    async resolve(upstream, service: FlowService) {
      const entry = (await registry.current()).integrations.get(upstream.integrationId);
      if (!entry)
        throw new PassiError(ErrorCodes.INTEGRATION_UNKNOWN, 'integration is gone', { status: 400 });
      const { integration } = entry;
      // Integration types and upstream mapping types are the same list (integration-schema.ts, attribute-mapping.ts).
      const type: UpstreamType = integration.type;
      const identity = resolveIdentity({
        integrationId: integration.id,
        flowName: integration.flowName,
        integrationType: type,
        mapping: effectiveMapping(type, integration.mapping),
        raw: upstream.attributes,
        orgdata: orgdata(),
        allowedSchoolOrganisationOids: integration.restrictSchoolsToOrganisation
          ? [integration.organisationOid]
          : undefined,
        homeOrganisationOid: integration.organisationOid,
      });
      return applyServicePolicy(identity, { allowTestLearnerId: service.allowTestLearnerId });
    },
  };
}
