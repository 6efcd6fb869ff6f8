import { ErrorCodes } from '../../core/error-codes.ts';
import { ValidationError } from '../../core/errors.ts';
import type { DataName } from '../../model/attribute-catalogue.ts';
import type { EntityWrite } from '../../registry/registry-repository.ts';
import type { Principal } from '../domain/principal.ts';
import { generateClientId, generateClientSecret } from './client-secret.ts';
import type { PortalDeps } from './portal-deps.ts';
import { authoriseServiceChange, portalActor } from './service-access.ts';
import { loadSpMetadata } from './service-metadata.ts';
import { cleanName, type LocalisedName, newRegistryId, parseServiceSet } from './service-sets.ts';
import { validService } from './service-validation.ts';
import { type ServiceView, serviceView } from './service-view.ts';

interface ServiceInputBase {
  name: LocalisedName;
  /** Sets of the organisation; none = a new set named like the service. */
  serviceSetIds?: string[] | undefined;
  /** Data-model attributes the service needs; absent = all (the MPASSid default). */
  releasedAttributes?: DataName[] | undefined;
}

export interface OidcServiceInput extends ServiceInputBase {
  protocol: 'oidc';
  redirectUris: string[];
  postLogoutRedirectUris?: string[] | undefined;
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | undefined;
}

export interface SamlServiceInput extends ServiceInputBase {
  protocol: 'saml';
  metadataUrl?: string | undefined;
  metadataXml?: string | undefined;
  nameIdFormat?: 'transient' | 'persistent' | undefined;
}

export type ServiceInput = OidcServiceInput | SamlServiceInput;

export interface CreatedService {
  service: ServiceView;
  /** The generated client secret of an OIDC service: in this answer only, never shown again. */
  clientSecret?: string;
}

/**
 * Registers a new service of the organisation in the test phase (docs/portal.md "Services": test first,
 * production after). OIDC: Passi generates the client id and secret. SAML: from the service's metadata.
 * One registry transaction (audited); the secret is sealed with the others.
 */
export async function createService(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  input: ServiceInput,
  ip: string,
): Promise<CreatedService> {
  const registry = await authoriseServiceChange(deps, principal, organisationId, 'create a service', ip);
  const now = deps.clock.now();
  const snapshot = await registry.cache.current();
  const name = cleanName(input.name);
  const writes: EntityWrite[] = [];
  const chosen = input.serviceSetIds ?? [];
  const foreign = chosen.flatMap((id, i) =>
    snapshot.serviceSets.get(id)?.organisationOid === organisationId
      ? []
      : [{ path: `serviceSetIds.${i}`, message: 'is not a service set of this organisation' }],
  );
  if (foreign.length > 0) throw new ValidationError(ErrorCodes.REQUEST_INVALID, foreign, 'service');
  let serviceSets = chosen;
  if (serviceSets.length === 0) {
    const set = parseServiceSet({ id: newRegistryId('set'), name, organisationOid: organisationId });
    writes.push({ kind: 'serviceSet', doc: set });
    serviceSets = [set.id];
  }
  const base = {
    id: newRegistryId('service'),
    organisationOid: organisationId,
    name,
    deploymentPhase: 'test',
    status: 'active',
    serviceSets,
    // A test service meets only test schools, whose people carry test learner ids (1.2.246.562.98.*).
    allowTestLearnerId: true,
    ...(input.releasedAttributes ? { releasedAttributes: input.releasedAttributes } : {}),
  };
  let clientSecret: string | undefined;
  let doc: Record<string, unknown>;
  if (input.protocol === 'oidc') {
    clientSecret = generateClientSecret();
    doc = {
      ...base,
      protocol: 'oidc',
      oidc: {
        clientId: generateClientId(),
        redirectUris: input.redirectUris,
        postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
        tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? 'client_secret_basic',
      },
      clientSecret,
    };
  } else {
    const metadata = await loadSpMetadata(input, { now, allowHttp: deps.publicUrl.startsWith('http://') });
    doc = {
      ...base,
      protocol: 'saml',
      saml: {
        entityId: metadata.entityId,
        acs: metadata.acs,
        signingCertificates: metadata.signingCertificates,
        encryptionCertificates: metadata.encryptionCertificates,
        authnRequestsSigned: true,
        nameIdFormat: input.nameIdFormat ?? 'transient',
      },
    };
  }
  const service = validService(doc, snapshot, now);
  writes.push({ kind: 'service', doc: service });
  await registry.repo.upsertMany(writes, portalActor(principal));
  const secrets: Record<string, string> = clientSecret ? { clientSecret } : {};
  return {
    service: serviceView({ service, secrets }, now),
    ...(clientSecret ? { clientSecret } : {}),
  };
}
