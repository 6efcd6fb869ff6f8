import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signedInBrowser } from './portal-support.ts';

describe('portal JSON API: OpenAPI document from the request schemas, sessions with CSRF, personal tokens', () => {
  let t: TestApp;
  let session: { browser: BrowserlessClient; csrf: string; cookie: string };
  const api = (path: string) => `${t.baseUrl}/portal/api/v1${path}`;

  beforeAll(async () => {
    t = await createTestApp();
    const signedIn = await signedInBrowser(t, 'api.main@example.fi', 'education-main', '1.2.246.562.10.1');
    const cookie = signedIn.browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '';
    session = { ...signedIn, cookie };
  });
  afterAll(() => t?.close());

  const withSession = (init: RequestInit & { csrf?: boolean } = {}) => ({
    ...init,
    headers: {
      cookie: `passi_portal=${session.cookie}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.csrf === false ? {} : { 'x-csrf-token': session.csrf }),
    },
  });

  it('serves an OpenAPI 3.1 document that validates and lists every operation', async () => {
    const res = await fetch(api('/openapi.json'));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/join/applications',
      '/me',
      '/openapi.json',
      '/operator/applications',
      '/operator/applications/{id}/approve',
      '/operator/applications/{id}/reject',
      '/operator/organisations',
      '/operator/production-integrations',
      '/operator/production-integrations/{integrationId}/approve',
      '/operator/terms',
      '/organisations/{organisationId}',
      '/organisations/{organisationId}/agreement-requests',
      '/organisations/{organisationId}/agreement-requests/{requestId}/accept',
      '/organisations/{organisationId}/agreement-requests/{requestId}/decline',
      '/organisations/{organisationId}/audit',
      '/organisations/{organisationId}/contacts',
      '/organisations/{organisationId}/data-quality',
      '/organisations/{organisationId}/health',
      '/organisations/{organisationId}/integrations',
      '/organisations/{organisationId}/integrations/{integrationId}',
      '/organisations/{organisationId}/integrations/{integrationId}/entra-attribute-test',
      '/organisations/{organisationId}/integrations/{integrationId}/history',
      '/organisations/{organisationId}/integrations/{integrationId}/history/{versionId}/restore',
      '/organisations/{organisationId}/integrations/{integrationId}/logo',
      '/organisations/{organisationId}/integrations/{integrationId}/production',
      '/organisations/{organisationId}/integrations/{integrationId}/test-logins',
      '/organisations/{organisationId}/people',
      '/organisations/{organisationId}/people/{personId}',
      '/organisations/{organisationId}/readiness',
      '/organisations/{organisationId}/saml-metadata-previews',
      '/organisations/{organisationId}/service-sets',
      '/organisations/{organisationId}/services',
      '/organisations/{organisationId}/services-for-pupils',
      '/organisations/{organisationId}/services-for-pupils/{serviceId}/request',
      '/organisations/{organisationId}/services-for-pupils/{serviceId}/withdraw',
      '/organisations/{organisationId}/services/{serviceId}',
      '/organisations/{organisationId}/services/{serviceId}/history',
      '/organisations/{organisationId}/services/{serviceId}/history/{versionId}/restore',
      '/organisations/{organisationId}/services/{serviceId}/logo',
      '/organisations/{organisationId}/services/{serviceId}/production',
      '/organisations/{organisationId}/services/{serviceId}/rotate-secret',
      '/organisations/{organisationId}/statistics',
      '/organisations/{organisationId}/trace',
      '/organisations/{organisationId}/weekly-summary',
      '/tokens',
      '/tokens/{id}',
    ]);
    const body = (
      doc.paths['/tokens'] as { post: { requestBody: { content: Record<string, { schema: unknown }> } } }
    ).post.requestBody.content['application/json']?.schema;
    expect(body).toMatchObject({
      properties: { expiresInDays: { maximum: 365 } },
      required: ['name', 'expiresInDays'],
    });
  });

  it('every operation in the document answers with its documented status', async () => {
    const doc = (await (await fetch(api('/openapi.json'))).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    let createdId = '';
    const order = ['get', 'post', 'delete'];
    const calls = Object.entries(doc.paths)
      // The organisation operations need an organisation in the registry: test/portal/organisation-page.test.ts.
      .filter(([path]) => !path.startsWith('/organisations/') && !path.startsWith('/operator/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
      // Joining and the operators' operations have their own bodies and roles: test/portal/join-api.test.ts.
      .filter(({ path }) => !path.startsWith('/join/') && !path.startsWith('/operator/'))
      .sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
    for (const { path, method, op } of calls) {
      const expected = Number(Object.keys(op.responses).find((s) => s.startsWith('2')));
      const url = api(path.replace('{id}', createdId).replace('{organisationId}', '1.2.246.562.10.1'));
      const res = await fetch(
        url,
        withSession({
          method: method.toUpperCase(),
          body: method === 'post' ? JSON.stringify({ name: 'every-op', expiresInDays: 1 }) : undefined,
        }),
      );
      expect({ path, method, status: res.status }).toEqual({ path, method, status: expected });
      if (method === 'post') createdId = ((await res.json()) as { id: string }).id;
    }
    expect(createdId).not.toBe('');
  });

  it('a token is shown once, works as a bearer for its organisation and role, and stops working when revoked', async () => {
    const created = await fetch(
      api('/tokens'),
      withSession({ method: 'POST', body: JSON.stringify({ name: 'CI', expiresInDays: 30 }) }),
    );
    expect(created.status).toBe(201);
    const { token, id } = (await created.json()) as { token: string; id: string };
    expect(token).toMatch(/^passi_pat_/);
    const stored = await t.services.db
      .selectFrom('portal_api_token')
      .selectAll()
      .where('id', '=', id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await fetch(api('/me'), { headers: bearer });
    expect(await me.json()).toEqual({
      email: 'api.main@example.fi',
      displayName: 'api.main@example.fi',
      organisationId: '1.2.246.562.10.1',
      role: 'education-main',
      via: 'token',
    });
    const listed = (await (await fetch(api('/tokens'), { headers: bearer })).json()) as {
      tokens: { id: string }[];
    };
    expect(listed.tokens.map((x) => x.id)).toContain(id);
    expect(JSON.stringify(listed)).not.toContain(token);

    // A token cannot mint tokens: only a freshly signed-in person can.
    const minted = await fetch(api('/tokens'), {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', expiresInDays: 1 }),
    });
    expect(minted.status).toBe(403);

    const revoked = await fetch(api(`/tokens/${id}`), { ...bearer, method: 'DELETE', headers: bearer });
    expect(revoked.status).toBe(200);
    const after = await fetch(api('/me'), { headers: bearer });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe(
      'PASSI_PORTAL_SIGN_IN_REQUIRED',
    );
  });

  it('an expired token is refused', async () => {
    const created = await fetch(
      api('/tokens'),
      withSession({ method: 'POST', body: JSON.stringify({ name: 'short', expiresInDays: 1 }) }),
    );
    const { token, id } = (await created.json()) as { token: string; id: string };
    await t.services.db
      .updateTable('portal_api_token')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect((await fetch(api('/me'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('changes with a session need the CSRF header; invalid input is refused with its problems; no credentials is 401', async () => {
    const noCsrf = await fetch(
      api('/tokens'),
      withSession({ method: 'POST', csrf: false, body: JSON.stringify({ name: 'x', expiresInDays: 1 }) }),
    );
    expect(noCsrf.status).toBe(403);
    const invalid = await fetch(
      api('/tokens'),
      withSession({ method: 'POST', body: JSON.stringify({ name: '', expiresInDays: 9999, extra: 1 }) }),
    );
    expect(invalid.status).toBe(400);
    const problems = ((await invalid.json()) as { error: { issues: { path: string }[] } }).error.issues;
    expect(problems.map((p) => p.path).sort()).toEqual(['', 'expiresInDays', 'name']);
    const count = await t.services.db
      .selectFrom('portal_api_token')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', '=', 'x')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    expect((await fetch(api('/me'))).status).toBe(401);
    expect((await fetch(api('/me'), { headers: { authorization: 'Bearer passi_pat_forged' } })).status).toBe(
      401,
    );
  });
});
