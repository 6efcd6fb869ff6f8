import { MPASS_ATTRIBUTE_NAMES } from '../../model/attribute-mapping.ts';
import { connectorModule, type ReturnRoute } from '../connector-module.ts';
import { createOidcConnector, oidcCallbackPath, oidcSettingsSchema } from './oidc-connector.ts';
import { oidcFlowStateSchema } from './oidc-rp.ts';

/** The OpenID provider returns the browser here (generic OIDC and Entra ID over OIDC). */
export const OIDC_CALLBACK_ROUTE: ReturnRoute = {
  method: 'GET',
  paths: ['/upstream/oidc/:flowName/callback'],
};

/** Claims the school's OpenID provider must release for the data model (docs/integrations/oidc.md). */
const OIDC_CLAIMS = 'openid (sub), profile (given_name, family_name), the education claims by the mapping';

/** A school's own OpenID provider (docs/integrations/oidc.md): code flow with PKCE, pinned issuer. */
export const oidcModule = connectorModule({
  type: 'oidc',
  settings: oidcSettingsSchema,
  flowState: oidcFlowStateSchema,
  secrets: ['clientSecret'],
  // Standard claims where they exist, MPASSid's names for the education fields.
  defaultMapping: {
    ...MPASS_ATTRIBUTE_NAMES,
    username: 'sub',
    firstName: 'given_name',
    surname: 'family_name',
    nickname: 'nickname',
  },
  httpsOnly: (s) => [['issuer', s.issuer]],
  returnRoutes: [{ route: OIDC_CALLBACK_ROUTE }],
  configure: (integration, urls) => [
    { label: 'Redirect URI', value: `${urls.base}${oidcCallbackPath(integration.flowName)}` },
    { label: 'Required claims', value: OIDC_CLAIMS },
  ],
  create: (deps) =>
    createOidcConnector({
      publicUrl: deps.config.publicUrl,
      clock: deps.clock,
      clockSkewSeconds: deps.config.clockSkewSeconds,
    }),
});
