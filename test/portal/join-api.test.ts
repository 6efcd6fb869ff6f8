/**
 * Joining through the JSON API (docs/portal.md "Joining", "JSON API"): the public application operation
 * with the same validation as the form, and the operator-only operations refusing every other role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signedInBrowser } from './portal-support.ts';

describe('joining through the portal JSON API', () => {
  let t: TestApp;
  const sessions: Record<'operator' | 'main' | 'viewer', { cookie: string; csrf: string }> = {
    operator: { cookie: '', csrf: '' },
    main: { cookie: '', csrf: '' },
    viewer: { cookie: '', csrf: '' },
  };
  const api = (path: string) => `${t.baseUrl}/portal/api/v1${path}`;
  const call = (who: keyof typeof sessions | undefined, method: string, path: string, body?: unknown) =>
    fetch(api(path), {
      method,
      headers: {
        ...(who
          ? { cookie: `passi_portal=${sessions[who].cookie}`, 'x-csrf-token': sessions[who].csrf }
          : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const application = {
    kind: 'service',
    name: 'Rajapinta Oy',
    street: 'Koodikatu 3',
    postalCode: '00100',
    city: 'Helsinki',
    businessId: '1234567-1',
    contactName: 'Aino Api',
    contactEmail: 'aino@rajapinta.example',
    contactPhone: '+358 50 765 4321',
    acceptTerms: true,
    termsVersion: 1,
  };

  beforeAll(async () => {
    t = await createTestApp();
    const host = new URL(t.baseUrl).host;
    for (const [key, role, org] of [
      ['operator', 'operator', 'passi'],
      ['main', 'education-main', '1.2.246.562.99.00000000001'],
      ['viewer', 'education-viewer', '1.2.246.562.99.00000000001'],
    ] as const) {
      const s = await signedInBrowser(t, `${key}@join-api.example`, role, org);
      sessions[key] = { cookie: s.browser.cookie(host, 'passi_portal') ?? '', csrf: s.csrf };
    }
  }, 60_000);
  afterAll(() => t?.close());

  it('an application needs no sign-in, is validated like the form, and stays invisible until verified', async () => {
    const bad = await call(undefined, 'POST', '/join/applications', {
      ...application,
      businessId: '1234567-2',
    });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues;
    expect(problems.map((p) => p.path)).toEqual(['businessId']);

    const res = await call(undefined, 'POST', '/join/applications', application);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const list = await call('operator', 'GET', '/operator/applications');
    expect(list.status).toBe(200);
    expect(
      ((await list.json()) as { applications: { id: string }[] }).applications.map((a) => a.id),
    ).not.toContain(id);
  });

  it('the operator lists and publishes terms; a new version becomes current', async () => {
    const published = await call('operator', 'POST', '/operator/terms', {
      fi: 'Uudet käyttöehdot, versio kaksi.',
      sv: 'Nya användarvillkor, version två.',
      en: 'New terms of service, version two.',
    });
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ id: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const versions = (
      (await (await call('operator', 'GET', '/operator/terms')).json()) as { versions: { id: number }[] }
    ).versions;
    expect(versions.map((v) => v.id)).toEqual([2, 1]);
    const stale = await call(undefined, 'POST', '/join/applications', application);
    expect(stale.status).toBe(400);
  });

  it('every operator operation refuses main users and viewers with 403 PASSI_PORTAL_FORBIDDEN', async () => {
    const operations: [string, string, unknown?][] = [
      ['GET', '/operator/applications'],
      ['POST', '/operator/applications/x/approve', {}],
      ['POST', '/operator/applications/x/reject', { reason: 'no' }],
      ['GET', '/operator/terms'],
      ['POST', '/operator/terms', { fi: 'x'.repeat(30), sv: 'x'.repeat(30), en: 'x'.repeat(30) }],
    ];
    for (const who of ['main', 'viewer'] as const) {
      for (const [method, path, body] of operations) {
        const res = await call(who, method, path, body);
        const code = ((await res.json()) as { error?: { code: string } }).error?.code;
        expect({ who, path, status: res.status, code }).toEqual({
          who,
          path,
          status: 403,
          code: 'PASSI_PORTAL_FORBIDDEN',
        });
      }
    }
  });
});
