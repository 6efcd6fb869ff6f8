import { ErrorCodes } from '../core/error-codes.ts';
import { ensure } from '../core/errors.ts';
import type { FlowService, IdentityResolver } from '../core/flow/ports.ts';
import { applyServicePolicy } from '../model/apply-service-policy.ts';
import { withLoginReportHandle } from '../model/login-report-handle.ts';
import { resolveIdentity } from '../model/resolve-identity.ts';
import type { OrgdataLookup } from '../orgdata/orgdata-lookup.ts';
import { effectiveMapping } from '../upstream/index.ts';
import type { RegistryCache } from './registry-snapshot.ts';

/**
 * Resolution for the flow (core port IdentityResolver): the integration's mapping (type defaults +
 * overrides), the data-model rules against organisation data, then the service's policy (docs/data-model.md).
 * `reportHandle` gives a fresh login-report handle for a built-in service (login-report-handle.ts) and
 * nothing for every other service.
 */
export function createRegistryIdentityResolver(
  registry: RegistryCache,
  orgdata: () => OrgdataLookup,
  reportHandle: (service: FlowService) => string | undefined = () => undefined,
): IdentityResolver {
  return {
    async resolve(upstream, service: FlowService) {
      const entry = (await registry.current()).integrations.get(upstream.integrationId);
      ensure(entry, ErrorCodes.INTEGRATION_UNKNOWN, 'integration is gone');
      const { integration } = entry;
      const type = integration.type;
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
      const released = applyServicePolicy(identity, {
        allowTestLearnerId: service.allowTestLearnerId,
        releasedAttributes: service.releasedAttributes,
      });
      const handle = reportHandle(service);
      return handle === undefined ? released : withLoginReportHandle(released, handle);
    },
  };
}
