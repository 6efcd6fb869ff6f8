/**
 * An OIDC service registered in the portal (docs/portal.md "Services"): the generated secret is shown
 * once, a rotation keeps the old secret working during the overlap and not after it (openid-client as the
 * real relying party; the clock moved past the overlap), only the chosen attributes are released, and a
 * production copy needs a completed test login first.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Clock } from '../../src/core/clock.ts';
import type { ApiCall } from '../portal/api-operation-table.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  apiAs,
  createdSchema,
  exchange,
  loginAtService,
  RP_CALLBACK,
  SERVICE_PROVIDER,
} from './service-support.ts';

const DAY = 86_400_000;

describeEachStore('an OIDC service from the portal', (store) => {
  let t: TestApp;
  let api: ApiCall;
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };

  beforeAll(async () => {
    t = await createTestApp({ store, clock });
    api = await apiAs(t, 'main@palvelu.example', 'service-main', SERVICE_PROVIDER);
  });
  afterAll(() => t?.close());

  it('secret once, rotation with an overlap, released attributes, production after a test login', async () => {
    const path = `/organisations/${SERVICE_PROVIDER}/services`;
    const created = await api('post', path, {
      protocol: 'oidc',
      name: { fi: 'Oppimateriaali', en: 'Learning material' },
      redirectUris: [RP_CALLBACK],
      releasedAttributes: ['uid', 'firstName'],
    });
    expect(created.status).toBe(201);
    const { service, clientSecret: first } = createdSchema.parse(created.body);
    expect(service.deploymentPhase).toBe('test');
    expect(first).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const clientId = service.oidc?.clientId ?? '';
    const secretOne = first ?? '';

    // Never shown again: neither in the service nor in the list.
    const shown = await api('get', `${path}/${service.id}`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(secretOne);
    expect(JSON.stringify((await api('get', path)).body)).not.toContain(secretOne);
    expect(shown.body).toMatchObject({
      tested: false,
      oidc: { hasSecret: true, previousSecretExpiresAt: null },
    });

    // No production copy before a completed test login.
    const early = await api('post', `${path}/${service.id}/production`, {});
    expect(early).toMatchObject({
      status: 409,
      body: { error: { code: 'PASSI_PORTAL_SERVICE_NOT_TESTED' } },
    });

    // The first secret works; only the chosen attributes are released.
    const login = await loginAtService(t.baseUrl, clientId);
    const { userinfo } = await exchange(t.baseUrl, clientId, secretOne, login);
    expect(Object.keys(userinfo).sort()).toEqual(['given_name', 'sub', 'urn:mpass.id:uid']);

    // Rotation: the new secret once; both work during the overlap.
    const rotated = await api('post', `${path}/${service.id}/rotate-secret`, { overlapDays: 7 });
    expect(rotated.status).toBe(200);
    const { clientSecret: secretTwo, previousSecretExpiresAt } = z
      .object({ clientSecret: z.string(), previousSecretExpiresAt: z.string() })
      .parse(rotated.body);
    expect(secretTwo).not.toBe(secretOne);
    expect(Date.parse(previousSecretExpiresAt) - clock.now().getTime()).toBeGreaterThan(6 * DAY);
    expect(JSON.stringify((await api('get', `${path}/${service.id}`)).body)).not.toContain(secretTwo);
    await exchange(t.baseUrl, clientId, secretOne, await loginAtService(t.baseUrl, clientId));
    await exchange(t.baseUrl, clientId, secretTwo, await loginAtService(t.baseUrl, clientId));

    // The completed logins are in the statistics: a production copy with a new client id and secret.
    await vi.waitFor(
      async () => expect((await api('get', `${path}/${service.id}`)).body).toMatchObject({ tested: true }),
      { timeout: 5_000 },
    );
    const production = await api('post', `${path}/${service.id}/production`, {});
    expect(production.status).toBe(201);
    const copy = createdSchema.parse(production.body);
    expect(copy.service.id).not.toBe(service.id);
    expect(copy.service.deploymentPhase).toBe('production');
    expect(copy.service.oidc?.clientId).not.toBe(clientId);
    expect(copy.clientSecret).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect([secretOne, secretTwo]).not.toContain(copy.clientSecret);
    // After the overlap only the new secret (last: the portal session does not outlive the moved clock).
    offset = 8 * DAY;
    const late = await loginAtService(t.baseUrl, clientId);
    await expect(exchange(t.baseUrl, clientId, secretOne, late)).rejects.toMatchObject({
      status: 401,
      cause: [{ parameters: { error: 'invalid_client' } }],
    });
    await exchange(t.baseUrl, clientId, secretTwo, late);
  });
});
