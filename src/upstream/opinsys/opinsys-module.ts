import { connectorModule } from '../connector-module.ts';
import {
  createOpinsysConnector,
  opinsysCallbackPath,
  opinsysFlowStateSchema,
  opinsysSettingsSchema,
} from './opinsys-connector.ts';

/** Opinsys / Puavo (docs/integrations/opinsys.md): JWT single sign-on and the REST user fetch. */
export const opinsysModule = connectorModule({
  type: 'opinsys',
  settings: opinsysSettingsSchema,
  flowState: opinsysFlowStateSchema,
  secrets: ['sharedSecret', 'clientKey'],
  // JWT `id` plus Puavo user fields; the connector (opinsys-user.ts) flattens schools into `;` strings and
  // produces every name here — `group_levels` from `year_class`, `learning_materials_charges` from each
  // school's `learning_materials_charge` (docs/integrations/opinsys.md).
  defaultMapping: {
    username: 'id',
    firstName: 'first_name',
    surname: 'last_name',
    nickname: 'nickname',
    learnerId: 'learner_id',
    schoolIds: 'school_codes',
    roles: 'roles',
    groups: 'groups',
    groupLevels: 'group_levels',
    learningMaterialsCharges: 'learning_materials_charges',
  },
  httpsOnly: (s) => [['apiBaseUrl', s.apiBaseUrl]],
  // Opinsys SSO returns the browser here with `?state=…&jwt=…`.
  returnRoutes: [{ route: { method: 'GET', paths: ['/upstream/opinsys/:flowName/callback'] } }],
  configure: (integration, urls) => [
    {
      label: 'Return address (return_to)',
      value: `${urls.base}${opinsysCallbackPath(integration.flowName)}`,
    },
  ],
  create: (deps) =>
    createOpinsysConnector({
      publicUrl: deps.config.publicUrl,
      clock: deps.clock,
      replay: deps.replay,
      clockSkewSeconds: deps.config.clockSkewSeconds,
    }),
});
