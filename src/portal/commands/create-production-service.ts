import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { serviceHasCompletedLogin } from '../../ops/statistics/service-tested.ts';
import type { Principal } from '../domain/principal.ts';
import { generateClientId, generateClientSecret } from './client-secret.ts';
import type { CreatedService } from './create-service.ts';
import type { PortalDeps } from './portal-deps.ts';
import { authoriseServiceChange, portalActor, serviceOf } from './service-access.ts';
import { newRegistryId } from './service-sets.ts';
import { validService } from './service-validation.ts';
import { serviceView } from './service-view.ts';

/**
 * "Create production service from this one" (docs/portal.md "Services"): a NEW service in production with
 * the test service's settings — a new id, for OIDC a new client id and generated secret. Allowed only after
 * a completed login to the test service (the daily login statistics), as MPASSid asks a service to be tested
 * before it goes live. Production addresses must be https (checkServiceRules). A SAML service needs its
 * own production entity id: the registry answers one entity id with one service.
 */
export async function createProductionService(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  serviceId: string,
  input: { entityId?: string | undefined },
  ip: string,
): Promise<CreatedService> {
  const registry = await authoriseServiceChange(
    deps,
    principal,
    organisationId,
    'create a production service',
    ip,
  );
  const { service: test } = await serviceOf(registry, organisationId, serviceId);
  if (test.deploymentPhase !== 'test')
    fail(ErrorCodes.REGISTRY_CONFLICT, 'a production service is made from a test service');
  if (!(await serviceHasCompletedLogin(deps.db, test.id)))
    fail(ErrorCodes.PORTAL_SERVICE_NOT_TESTED, 'log in to the test service successfully first');
  const now = deps.clock.now();
  const base = {
    id: newRegistryId('service'),
    organisationOid: organisationId,
    name: test.name,
    deploymentPhase: 'production',
    status: 'active',
    serviceSets: test.serviceSets,
    // Test learner ids (1.2.246.562.98.*) belong to the test phase; built-in services stay built in.
    allowTestLearnerId: false,
    ...(test.releasedAttributes ? { releasedAttributes: test.releasedAttributes } : {}),
    ...(test.logo ? { logo: test.logo } : {}),
  };
  let clientSecret: string | undefined;
  let doc: Record<string, unknown>;
  if (test.protocol === 'oidc') {
    clientSecret = generateClientSecret();
    doc = { ...base, protocol: 'oidc', oidc: { ...test.oidc, clientId: generateClientId() }, clientSecret };
  } else {
    doc = { ...base, protocol: 'saml', saml: { ...test.saml, entityId: input.entityId?.trim() ?? '' } };
  }
  const snapshot = await registry.cache.current();
  const service = validService(doc, snapshot, now);
  await registry.repo.upsertMany([{ kind: 'service', doc: service }], portalActor(principal));
  return {
    service: serviceView({ service, secrets: clientSecret ? { clientSecret } : {} }, now),
    ...(clientSecret ? { clientSecret } : {}),
  };
}
