import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamIntegration } from '../../src/core/flow/ports.ts';
import { fixedClock } from '../../src/core/testing/fixed-clock.ts';
import { createGraphClient } from '../../src/upstream/entra-graph/graph-client.ts';
import { createGraphClientPool } from '../../src/upstream/entra-graph/graph-client-pool.ts';
import { testEntraAttributes } from '../../src/upstream/entra-graph/test-entra-attributes.ts';
import { createFakeMicrosoft, type FakeMicrosoft } from '../support/fakes/fake-microsoft.ts';
import { closeServer, listenLocal } from '../support/fakes/listen.ts';

const TENANT = '3f1c2a3b-1111-4222-8333-944455556666';
const CLIENT = '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff';
const input = (over: Partial<{ clientSecret: string; userId: string; select: string[] }> = {}) => ({
  tenantId: TENANT,
  clientId: CLIENT,
  clientSecret: 'secret-1',
  userId: 'user-1',
  select: ['givenName', 'surname', 'extension_abc_schoolCode', 'businessPhones', 'accountEnabled', 'mail'],
  ...over,
});

describe('Microsoft Graph client (against a fake Microsoft login + Graph)', () => {
  let ms: FakeMicrosoft;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    ms = createFakeMicrosoft();
    ms.tenants.set(TENANT, { clientId: CLIENT, clientSecret: 'secret-1' });
    ms.users.set('user-1', {
      id: 'user-1',
      givenName: 'Anna',
      surname: 'Graph',
      Surname: 'wrong case',
      extension_abc_schoolCode: '30076;99977',
      businessPhones: ['+358 1', '+358 2'],
      accountEnabled: true,
      mail: null,
    });
    server = createServer((req, res) => {
      if (!ms.handle(req, res)) res.writeHead(404).end();
    });
    base = await listenLocal(server);
  });
  afterAll(() => closeServer(server));

  const client = (clock = fixedClock(new Date('2030-01-01T00:00:00Z'))) => {
    const sleeps: number[] = [];
    const c = createGraphClient({
      loginBaseUrl: base,
      graphBaseUrl: base,
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    return { c, sleeps, clock };
  };

  it('fetches the selected, case-sensitive properties as string arrays; caches the token until expiry', async () => {
    const { c, clock } = client();
    const before = ms.tokenRequests;
    const user = await c.fetchUser(input());
    expect(user).toEqual({
      givenName: ['Anna'],
      surname: ['Graph'],
      extension_abc_schoolCode: ['30076;99977'],
      businessPhones: ['+358 1', '+358 2'],
      accountEnabled: ['true'],
    });
    expect(ms.graphRequests.at(-1)?.select).toBe(
      'givenName,surname,extension_abc_schoolCode,businessPhones,accountEnabled,mail',
    );
    await c.fetchUser(input());
    expect(ms.tokenRequests).toBe(before + 1);
    clock.advance(3600_000);
    await c.fetchUser(input());
    expect(ms.tokenRequests).toBe(before + 2);
  });

  it('honours Retry-After once for 429, then fails with PASSI_UPSTREAM_FAILED', async () => {
    const { c, sleeps } = client();
    ms.failNext.push({ status: 429, retryAfter: '2' });
    expect((await c.fetchUser(input())).givenName).toEqual(['Anna']);
    expect(sleeps).toEqual([2000]);
    ms.failNext.push({ status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' });
    await expect(c.fetchUser(input())).rejects.toMatchObject({
      code: 'PASSI_UPSTREAM_FAILED',
      message: expect.stringContaining('429'),
    });
    ms.failNext.length = 0;
    // A Retry-After longer than the login can wait fails at once.
    ms.failNext.push({ status: 429, retryAfter: '120' });
    await expect(c.fetchUser(input())).rejects.toMatchObject({ code: 'PASSI_UPSTREAM_FAILED' });
  });

  it('maps 401 (after one fresh token), 403, 404 and 5xx to PASSI_UPSTREAM_FAILED with clear messages', async () => {
    const { c } = client();
    ms.failNext.push({ status: 401 });
    expect((await c.fetchUser(input())).surname).toEqual(['Graph']);
    ms.failNext.push({ status: 401 }, { status: 401 });
    await expect(c.fetchUser(input())).rejects.toMatchObject({
      code: 'PASSI_UPSTREAM_FAILED',
      message: expect.stringContaining('401'),
    });
    ms.failNext.push({ status: 403 });
    await expect(c.fetchUser(input())).rejects.toMatchObject({
      code: 'PASSI_UPSTREAM_FAILED',
      message: expect.stringContaining('User.Read.All'),
    });
    ms.failNext.push({ status: 503 });
    await expect(c.fetchUser(input())).rejects.toMatchObject({ message: expect.stringContaining('503') });
    await expect(c.fetchUser(input({ userId: 'nobody' }))).rejects.toMatchObject({
      message: expect.stringContaining('404'),
    });
  });

  it('a wrong client secret fails at the token step without leaking the secret', async () => {
    const { c } = client();
    const error = await c.fetchUser(input({ clientSecret: 'wrong-secret-xyz' })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PASSI_UPSTREAM_FAILED',
      message: expect.stringContaining('client secret is wrong'),
    });
    expect(JSON.stringify(error)).not.toContain('wrong-secret-xyz');
    expect(String(error)).not.toContain('wrong-secret-xyz');
  });

  it('a name Graph does not know: Graph answers 400 and the error names the rejected property', async () => {
    const { c } = client();
    const error = await c
      .fetchUser(input({ select: ['givenName', 'nickName', 'extension_abc_schoolCode'] }))
      .catch((e: unknown) => e);
    expect(ms.graphRequests.at(-1)?.select).toBe('givenName,nickName,extension_abc_schoolCode');
    expect(error).toMatchObject({
      code: 'PASSI_UPSTREAM_FAILED',
      message: expect.stringContaining("'nickName'"),
      detail: { step: 'user', status: 400, graphError: 'Request_BadRequest', property: 'nickName' },
    });
    // An extension the tenant never registered is refused the same way.
    await expect(c.fetchUser(input({ select: ['extension_abc_learnerId'] }))).rejects.toMatchObject({
      message: expect.stringContaining("'extension_abc_learnerId'"),
    });
  });

  it('refuses attribute names that are not Graph property names', async () => {
    const { c } = client();
    await expect(c.fetchUser(input({ select: ['givenName,surname'] }))).rejects.toMatchObject({
      code: 'PASSI_UPSTREAM_CONFIG_INVALID',
    });
  });

  it('attribute test: fetches a named user with the integration credentials, no login', async () => {
    const integration: UpstreamIntegration = {
      id: '4000001',
      type: 'entra',
      flowName: 'Entra',
      organisationOid: '1.2.246.562.99.00000000001',
      settings: {
        kind: 'entra',
        tenantId: TENANT,
        clientId: CLIENT,
        login: 'saml',
        graphAttributes: ['givenName'],
        loginBaseUrl: base,
        graphBaseUrl: base,
      },
      secrets: { clientSecret: 'secret-1' },
    };
    const result = await testEntraAttributes(integration, 'user-1', {
      graph: createGraphClientPool(),
      select: ['surname', 'extension_abc_schoolCode'],
    });
    expect(result.select).toEqual(['id', 'surname', 'extension_abc_schoolCode', 'givenName']);
    expect(result.attributes).toEqual({
      id: ['user-1'],
      surname: ['Graph'],
      extension_abc_schoolCode: ['30076;99977'],
      givenName: ['Anna'],
    });
  });
});
