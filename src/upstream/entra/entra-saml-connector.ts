/**
 * Entra ID over SAML (https://wiki.eduuni.fi/display/OPHPALV/Azure+AD+-integraatio): the SAML login of the shared SP (metadata
 * from the tenant's federation metadata URL by default), then the user's attributes from Microsoft Graph
 * with the school's app registration (client credentials, `User.Read.All`).
 *
 * Principal: the `objectidentifier` claim (the user's Entra object id, which Graph's `/users/{id}` takes,
 * and which — unlike a pairwise or transient NameID, or a renameable UPN — never changes). It is put in
 * the raw attribute `id`, the Entra mapping's default username, as the OIDC variant does with `oid`.
 * Graph properties are selected by the integration's `graphAttributes`, or else by the attribute names of
 * its mapping that Graph can answer (entra-graph/graph-select.ts: the school's own names and the defaults
 * that are Graph user properties), case-sensitive, and override same-named SAML claims.
 */
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail } from '../../core/errors.ts';
import type { UpstreamConnector } from '../../core/flow/ports.ts';
import type { GraphClient } from '../entra-graph/graph-client.ts';
import { createSamlSpConnector, type SamlFlowState, type SamlSpDeps } from '../saml/saml-sp-connector.ts';
import { samlSpSettings } from '../saml/saml-sp-settings.ts';

export const ENTRA_OBJECT_ID_CLAIM = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
export const ENTRA_TENANT_ID_CLAIM = 'http://schemas.microsoft.com/identity/claims/tenantid';

/** Graph property names: what Graph accepts in `$select` (the client re-checks). */
const GRAPH_NAME = /^[A-Za-z][A-Za-z0-9_]{0,119}$/;

export interface EntraSamlDeps extends SamlSpDeps {
  graph: (graphBaseUrl: string | undefined, loginBaseUrl: string | undefined) => GraphClient;
  /** The `$select` names from the integration's mapping (graphSelectNames: configured + Graph defaults). */
  mappedAttributeNames: (integrationId: string) => Promise<string[]>;
}

export function createEntraSamlConnector(deps: EntraSamlDeps): UpstreamConnector<SamlFlowState> {
  return createSamlSpConnector('entra', deps, async ({ integration, identity }) => {
    const settings = samlSpSettings(integration);
    const extra = integration.settings;
    const objectId = identity.attributes[ENTRA_OBJECT_ID_CLAIM]?.[0];
    // Reported to the service as a failed school login (login-flow.ts).
    if (objectId === undefined || objectId === '')
      fail(ErrorCodes.UPSTREAM_FAILED, `Entra ID sent no ${ENTRA_OBJECT_ID_CLAIM} claim`);
    // The assertion must come from the school's own tenant (the issuer is pinned too, this names it).
    const tenant = identity.attributes[ENTRA_TENANT_ID_CLAIM]?.[0];
    // Like a wrong Issuer (SAML Core §2.3.3): another tenant's assertion is not a valid answer here.
    ensure(
      tenant === undefined ||
        settings.tenantId === undefined ||
        tenant.toLowerCase() === settings.tenantId.toLowerCase(),
      ErrorCodes.UPSTREAM_ANSWER_INVALID,
      'the assertion is from another Entra ID tenant',
    );
    const configured = Array.isArray(extra.graphAttributes)
      ? extra.graphAttributes.filter((v): v is string => typeof v === 'string')
      : undefined;
    const select = (configured ?? (await deps.mappedAttributeNames(integration.id))).filter((n) =>
      GRAPH_NAME.test(n),
    );
    const clientSecret = integration.secrets.clientSecret;
    if (settings.tenantId === undefined || settings.clientId === undefined || !clientSecret)
      fail(
        ErrorCodes.UPSTREAM_FAILED,
        'Entra ID: tenant id, client id and client secret are needed for Graph',
      );
    const base = (key: string) => (typeof extra[key] === 'string' ? extra[key] : undefined);
    const fromGraph = await deps.graph(base('graphBaseUrl'), base('loginBaseUrl')).fetchUser({
      tenantId: settings.tenantId,
      clientId: settings.clientId,
      clientSecret,
      userId: objectId,
      select,
    });
    return { ...identity, attributes: { ...identity.attributes, id: [objectId], ...fromGraph } };
  });
}
