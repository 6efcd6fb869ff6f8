import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, ValidationError } from '../../core/errors.ts';
import type { DataName } from '../../model/attribute-catalogue.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalDeps } from './portal-deps.ts';
import { authoriseServiceChange, portalActor } from './service-access.ts';
import { loadSpMetadata } from './service-metadata.ts';
import { cleanName, type LocalisedName } from './service-sets.ts';
import { validService } from './service-validation.ts';
import { type ServiceView, serviceView } from './service-view.ts';

export interface ServiceUpdateInput {
  /** The revision the form or client read; a newer stored revision refuses the change (409). */
  expectedRevision: number;
  name?: LocalisedName | undefined;
  serviceSetIds?: string[] | undefined;
  /** Data-model attributes the service needs; null = all (the MPASSid default). */
  releasedAttributes?: DataName[] | null | undefined;
  access?: 'open' | 'agreement' | undefined;
  status?: 'active' | 'inactive' | undefined;
  /** OIDC only. */
  redirectUris?: string[] | undefined;
  postLogoutRedirectUris?: string[] | undefined;
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | undefined;
  /** SAML only: the first is the default endpoint. */
  acsUrls?: string[] | undefined;
  nameIdFormat?: 'transient' | 'persistent' | undefined;
  /** SAML only: refreshed metadata (its entity id must stay the service's). */
  metadataUrl?: string | undefined;
  metadataXml?: string | undefined;
}

export interface UpdatedService {
  service: ServiceView;
  revision: number;
}

const HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/**
 * Changes a service after its creation (docs/portal.md "Services"): names, service sets, released
 * attributes, access, active/inactive, and the protocol endpoints. The deployment phase stays (production
 * is a new service) and so does the client secret (it has its own rotation). The same checks as creation
 * run on the result (`validService`), and the write carries `expectedRevision`: a save based on an older
 * revision is refused under the row lock (REGISTRY_REVISION_CONFLICT, naming who changed it and when).
 */
export async function updateService(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  serviceId: string,
  input: ServiceUpdateInput,
  ip: string,
): Promise<UpdatedService> {
  const registry = await authoriseServiceChange(deps, principal, organisationId, 'change a service', ip);
  const stored = await registry.repo.find('service', serviceId);
  if (!stored || stored.doc.organisationOid !== organisationId)
    fail(ErrorCodes.NOT_FOUND, `no service ${serviceId} in ${organisationId}`);
  const now = deps.clock.now();
  const snapshot = await registry.cache.current();
  const current = stored.doc;
  const foreign = (input.serviceSetIds ?? []).flatMap((id, i) =>
    snapshot.serviceSets.get(id)?.organisationOid === organisationId
      ? []
      : [{ path: `serviceSetIds.${i}`, message: 'is not a service set of this organisation' }],
  );
  if (foreign.length > 0) throw new ValidationError(ErrorCodes.REQUEST_INVALID, foreign, 'service');
  const { releasedAttributes: _previousAttributes, ...unchanged } = current;
  const attributes =
    input.releasedAttributes === undefined ? current.releasedAttributes : input.releasedAttributes;
  const base = {
    ...unchanged,
    name: input.name ? cleanName(input.name) : current.name,
    serviceSets:
      input.serviceSetIds && input.serviceSetIds.length > 0 ? input.serviceSetIds : current.serviceSets,
    access: input.access ?? current.access,
    status: input.status ?? current.status,
    ...(attributes ? { releasedAttributes: attributes } : {}),
  };
  let doc: Record<string, unknown>;
  if (current.protocol === 'oidc') {
    if (input.acsUrls || input.nameIdFormat || input.metadataUrl || input.metadataXml)
      fail(ErrorCodes.REQUEST_INVALID, 'an OIDC service has no SAML settings');
    // The stored document holds no secrets (they are sealed apart); leaving them out keeps them.
    doc = {
      ...base,
      oidc: {
        ...current.oidc,
        redirectUris: input.redirectUris ?? current.oidc.redirectUris,
        postLogoutRedirectUris: input.postLogoutRedirectUris ?? current.oidc.postLogoutRedirectUris,
        tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? current.oidc.tokenEndpointAuthMethod,
      },
    };
  } else {
    if (input.redirectUris || input.postLogoutRedirectUris || input.tokenEndpointAuthMethod)
      fail(ErrorCodes.REQUEST_INVALID, 'a SAML service has no OIDC settings');
    let saml = { ...current.saml };
    if (input.metadataUrl?.trim() || input.metadataXml?.trim()) {
      const metadata = await loadSpMetadata(input, { now, allowHttp: deps.publicUrl.startsWith('http://') });
      if (metadata.entityId !== current.saml.entityId)
        fail(
          ErrorCodes.REQUEST_INVALID,
          `the metadata names ${metadata.entityId}, not this service (${current.saml.entityId}); a new entity id is a new service`,
        );
      saml = {
        ...saml,
        acs: metadata.acs.map((a) => ({ ...a, binding: HTTP_POST })),
        signingCertificates: [...metadata.signingCertificates],
        encryptionCertificates: [...metadata.encryptionCertificates],
      };
    }
    if (input.acsUrls)
      saml.acs = input.acsUrls.map((location, index) => ({
        location: location.trim(),
        index,
        isDefault: index === 0,
        binding: HTTP_POST,
      }));
    doc = { ...base, saml: { ...saml, nameIdFormat: input.nameIdFormat ?? saml.nameIdFormat } };
  }
  const service = validService(doc, snapshot, now);
  const { changed } = await registry.repo.upsertMany(
    [{ kind: 'service', doc: service, expectedRevision: input.expectedRevision }],
    portalActor(principal),
  );
  const secrets = stored.secrets;
  return {
    service: serviceView({ service, secrets }, now),
    revision: changed > 0 ? stored.revision + 1 : stored.revision,
  };
}
