import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { UpstreamConnector } from '../../core/flow/ports.ts';
import { flowStateReader } from '../connector-module.ts';
import { verifyTestAccountPassword } from './accounts.ts';

export const BAD_CREDENTIALS = ErrorCodes.TEST_DIRECTORY_BAD_CREDENTIALS;

/** Path of the test directory's login page for an integration (its "school IdP"). */
export function testDirectoryLoginPath(flowName: string): string {
  return `/upstream/test-directory/${encodeURIComponent(flowName)}/login`;
}

/** The registry's settings of a test directory: nothing to configure. */
export const testDirectorySettingsSchema = z.object({ kind: z.literal('test-directory') }).strict();

/** The test directory keeps nothing in the flow: its own form posts the credentials back. */
export const testDirectoryFlowStateSchema = z.object({});

/**
 * The built-in test directory: an identity source holding MPASSid's public test accounts.
 * It answers like a school directory would, with raw attributes, so the data model does the rest.
 */
export function createTestDirectoryConnector(
  clock: Clock,
): UpstreamConnector<z.output<typeof testDirectoryFlowStateSchema>> {
  return {
    type: 'test-directory',
    readState: flowStateReader(testDirectoryFlowStateSchema, 'a test directory login'),
    async start({ integration }) {
      return { action: { kind: 'redirect', location: testDirectoryLoginPath(integration.flowName) } };
    },
    async finish({ integration, http }) {
      if (http.body.cancel !== undefined)
        fail(ErrorCodes.UPSTREAM_CANCELLED, 'the user cancelled the login at the test directory');
      const username = (http.body.username ?? '').trim();
      const password = http.body.password ?? '';
      const attributes =
        username.length <= 64 && password.length <= 128
          ? verifyTestAccountPassword(username, password)
          : undefined;
      if (!attributes) fail(BAD_CREDENTIALS, 'wrong username or password');
      return {
        integrationId: integration.id,
        flowName: integration.flowName,
        attributes,
        authnInstant: clock.now().toISOString(),
        upstreamAcr: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      };
    },
  };
}
