import { connectorModule } from '../connector-module.ts';
import {
  createWilmaConnector,
  wilmaCallbackPath,
  wilmaFlowStateSchema,
  wilmaSettingsSchema,
} from './wilma-connector.ts';

/** Wilma (https://wiki.eduuni.fi/display/OPHPALV/Wilma-integration): HMAC-signed redirect and user fetch. */
export const wilmaModule = connectorModule({
  type: 'wilma',
  settings: wilmaSettingsSchema,
  flowState: wilmaFlowStateSchema,
  secrets: ['sharedSecret'],
  // The connector emits the ECA REST attribute names (github.com/mpassid/shibboleth-idp-attribute-ecadata).
  defaultMapping: {
    username: 'username',
    firstName: 'first_name',
    surname: 'last_name',
    nickname: 'nickname',
    learnerId: 'learnerId',
    schoolIds: 'schoolCodes',
    roles: 'schoolRoles',
    groups: 'schoolGroups',
    groupLevels: 'groupLevel',
    learningMaterialsCharges: 'learningMaterialsCharges',
  },
  httpsOnly: (s) => [['baseUrl', s.baseUrl]],
  // Wilma returns the browser here (GET, signed query).
  returnRoutes: [{ route: { method: 'GET', paths: ['/upstream/wilma/:flowName/callback'] } }],
  configure: (integration, urls) => [
    { label: 'Return address (redirectto)', value: `${urls.base}${wilmaCallbackPath(integration.flowName)}` },
  ],
  create: (deps) =>
    createWilmaConnector({
      publicUrl: deps.config.publicUrl,
      clock: deps.clock,
      replay: deps.replay,
      nonceTtlSeconds: deps.config.flowTtlSeconds,
      fetch: deps.upstreamFetch,
    }),
});
