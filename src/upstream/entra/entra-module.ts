import { INTERNAL_NAMES, MPASS_ATTRIBUTE_NAMES } from '../../model/attribute-mapping.ts';
import { connectorModule } from '../connector-module.ts';
import { graphSelectNames } from '../entra-graph/graph-select.ts';
import { createEntraDispatcher, entraFlowStateSchema } from '../entra-oidc/entra-dispatcher.ts';
import { createEntraOidcConnector } from '../entra-oidc/entra-oidc-connector.ts';
import { oidcCallbackPath } from '../oidc/oidc-connector.ts';
import { OIDC_CALLBACK_ROUTE } from '../oidc/oidc-module.ts';
import { SAML_ACS_ROUTE, samlConfigureValues } from '../saml/saml-idp-module.ts';
import { createEntraSamlConnector } from './entra-saml-connector.ts';
import { entraSettingsSchema } from './entra-settings.ts';

/**
 * Graph properties for the names Graph has (MPASSid's Azure guide: "e.g. `id`, `givenName`, `surname`"); the
 * education fields live in tenant-specific extension attributes, so their defaults keep MPASSid's names
 * and each integration is expected to override them (docs/decisions-data-model.md).
 */
const ENTRA_MAPPING = {
  ...MPASS_ATTRIBUTE_NAMES,
  username: 'id',
  firstName: 'givenName',
  surname: 'surname',
};

/**
 * Entra ID (https://wiki.eduuni.fi/display/OPHPALV/Azure+AD+-integraatio): SAML through the shared SP
 * (src/upstream/entra, default) or OIDC (src/upstream/entra-oidc) by `settings.login`, then Microsoft
 * Graph with the school's app registration (src/upstream/entra-graph).
 */
export const entraModule = connectorModule({
  type: 'entra',
  settings: entraSettingsSchema,
  flowState: entraFlowStateSchema,
  secrets: ['clientSecret'],
  defaultMapping: ENTRA_MAPPING,
  httpsOnly: (s) => [
    ['loginBaseUrl', s.loginBaseUrl],
    ['graphBaseUrl', s.graphBaseUrl],
    ['metadataUrl', s.metadataUrl],
  ],
  returnRoutes: [
    // `login` defaults to saml (entra-settings.ts).
    { route: SAML_ACS_ROUTE, serves: (s) => s.login !== 'oidc' },
    { route: OIDC_CALLBACK_ROUTE, serves: (s) => s.login === 'oidc' },
  ],
  configure: (integration, urls) =>
    integration.settings.login === 'saml'
      ? samlConfigureValues(urls.base, integration.flowName)
      : [
          {
            label: 'Redirect URI (web)',
            value: `${urls.base}${oidcCallbackPath(integration.flowName)}`,
          },
          { label: 'Required claims', value: 'oid, tid (ID token); User.Read.All (Graph, application)' },
        ],
  create: (deps) =>
    createEntraDispatcher({
      saml: createEntraSamlConnector({
        ...deps.samlSp,
        graph: deps.graph,
        // Graph `$select`: the school's own names and the defaults Graph can answer (graph-select.ts).
        mappedAttributeNames: async (id) => {
          const override = await deps.mappingOverride(id);
          return graphSelectNames({
            configured: INTERNAL_NAMES.flatMap((n) => override[n] ?? []),
            defaults: INTERNAL_NAMES.filter((n) => override[n] === undefined).map((n) => ENTRA_MAPPING[n]),
          });
        },
      }),
      oidc: createEntraOidcConnector({
        publicUrl: deps.config.publicUrl,
        clock: deps.clock,
        graph: deps.graph,
        clockSkewSeconds: deps.config.clockSkewSeconds,
      }),
    }),
});
