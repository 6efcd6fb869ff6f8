import { MPASS_ATTRIBUTE_NAMES } from '../../model/attribute-mapping.ts';
import { connectorModule } from '../connector-module.ts';
import {
  createTestDirectoryConnector,
  testDirectoryFlowStateSchema,
  testDirectorySettingsSchema,
} from './test-directory-connector.ts';

/**
 * The built-in test directory (MPASSid's public test accounts). Its return route is its own login form's
 * POST (test-directory-routes.ts, with the login page), finished by the one return route core.
 */
export const testDirectoryModule = connectorModule({
  type: 'test-directory',
  settings: testDirectorySettingsSchema,
  settingsOptional: true,
  flowState: testDirectoryFlowStateSchema,
  secrets: [],
  defaultMapping: MPASS_ATTRIBUTE_NAMES,
  returnRoutes: [
    { route: { method: 'POST', paths: ['/upstream/test-directory/:flowName/login'], ownPage: true } },
  ],
  // Nothing to configure at a school: the directory is part of Passi.
  configure: () => [],
  create: (deps) => createTestDirectoryConnector(deps.clock),
});
