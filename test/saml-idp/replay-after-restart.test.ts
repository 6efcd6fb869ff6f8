/**
 * A service's AuthnRequest ID is used once, also across a restart of a node on the embedded store: the id
 * is decided in memory, written to the store behind the login and at shutdown, and loaded back at the next
 * start (docs/performance.md "Single-use ids on the embedded store"; SAML Profiles §4.1.4.5).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp } from '../support/test-app.ts';
import { authnRequestXml, newRequestId, redirectSsoUrl, ssoUrls } from './support/authn-requests.ts';
import { expectErrorPage } from './support/saml-checks.ts';
import { registryYaml, spEntityId, spKeys } from './support/sp-registry.ts';

const SP = 'restart-sp';

describe('a used AuthnRequest ID after a restart of the embedded store', () => {
  it('is refused with PASSI_REPLAY by the restarted node; a fresh one is accepted', async () => {
    const secretKey = randomBytes(32).toString('base64');
    const first = await createTestApp({
      embeddedOnDisk: true,
      secretKey,
      registry: registryYaml([{ id: SP, authnRequestsSigned: true }]),
    });
    const { dataDir } = first.config;
    const port = first.config.port;
    const signedUrl = (id: string) =>
      redirectSsoUrl(
        first.baseUrl,
        authnRequestXml({ issuer: spEntityId(SP), destination: ssoUrls(first.baseUrl).redirect, id }),
        { key: spKeys.signing },
      );
    const used = signedUrl(newRequestId());
    try {
      expect((await new BrowserlessClient().get(used)).status).toBe(303);
    } finally {
      // Stopped at once: the id has not reached the store by the interval yet.
      await first.close();
    }
    const again = await createTestApp({ embeddedOnDisk: true, secretKey, port, config: { dataDir } });
    try {
      expect(again.baseUrl).toBe(first.baseUrl);
      expectErrorPage(await new BrowserlessClient().get(used), 400, ErrorCodes.REPLAY);
      expect((await new BrowserlessClient().get(signedUrl(newRequestId()))).status).toBe(303);
    } finally {
      await again.close();
    }
  });
});
