/**
 * "Live in seconds, everywhere" (docs/operations.md "Production: several nodes on PostgreSQL"): two Passi
 * processes of one deployment share PostgreSQL. An integration created or changed through node A's portal
 * JSON API is used by the next login at node B, a separate OS process, without a restart: the committed
 * change is announced with NOTIFY `passi_registry`, node B reloads its registry snapshot and loads the new
 * SAML integration's metadata. Node B's own version recheck runs only every few seconds, so the bounded
 * wait below (2 s) fails when the notification does not reach it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgresAvailable, POSTGRES_SKIP_REASON } from '../../src/store/testing/test-db.ts';
import { signedInBrowser } from '../portal/portal-support.ts';
import { BrowserlessClient, type BrowserResponse } from '../support/browserless-client.ts';
import { type PassiProcess, startPassiProcess } from '../support/passi-process.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { adfsStudent } from '../upstream-saml/support/saml-sp-setup.ts';
import { type SchoolIdp, startSchoolIdp } from '../upstream-saml/support/school-idp.ts';

const available = await isPostgresAvailable();
if (!available) console.warn(POSTGRES_SKIP_REASON);

/** The demo registry's education provider (its school 30076 is what the school IdP sends). */
const ORG = '1.2.246.562.99.00000000001';
const FLOW = 'LiveKoulu';
const POLL_MS = 100;
const WITHIN_MS = 2000;

/** The values of one data-model attribute on the attribute test service's result page. */
function attributeValues(page: string, name: string): string[] {
  const row = new RegExp(`<tr[^>]*data-attribute="${name}"[^>]*>([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
  return [...row.matchAll(/<div><code>([^<]*)<\/code><\/div>/g)].map((m) => m[1] ?? '');
}

/** Polls `attempt` every 100 ms until it returns a value, for at most 2 s; the last failure otherwise. */
async function withinBoundedWait<T>(attempt: () => Promise<T | string>): Promise<T> {
  const deadline = Date.now() + WITHIN_MS;
  let last = 'not tried';
  for (;;) {
    const outcome = await attempt();
    if (typeof outcome !== 'string') return outcome;
    last = outcome;
    if (Date.now() > deadline) throw new Error(`node B did not use the change within the wait: ${last}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

describe.skipIf(!available)('a portal change at node A is used by logins at node B (two processes)', () => {
  let t: TestApp;
  let idp: SchoolIdp;
  let b: PassiProcess | undefined;
  let bearer: Record<string, string>;
  let integrationId = '';
  const api = (path: string) => `${t.baseUrl}/portal/api/v1/organisations/${ORG}${path}`;

  /** A browser whose every request a load balancer sends to node B (the public address stays node A's). */
  const browserAtNodeB = () =>
    new BrowserlessClient({
      connectTo: (url) => {
        if (!b || url.origin !== new URL(t.baseUrl).origin) return url;
        return new URL(`${url.pathname}${url.search}`, b.url);
      },
    });

  /**
   * One login at node B through the attribute test service pinned to the flow
   * (`urn:mpass.id:authnsource:LiveKoulu`): the result page, or why it did not get there.
   */
  const loginAtNodeB = async (): Promise<BrowserResponse | string> => {
    const browser = browserAtNodeB();
    const idpPage = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en&flow=${FLOW}`);
    if (!idpPage.url.startsWith(idp.baseUrl) || idpPage.status !== 200)
      return `the login stopped at ${idpPage.url} (${idpPage.status})`;
    const passiPost = await browser.submitForm(idpPage);
    if (passiPost.status !== 200) return `the school's answer was refused (${passiPost.status})`;
    const result = await browser.submitForm(passiPost);
    if (!result.url.includes('/test-service/saml/acs')) return `no result page: ${result.url}`;
    return result;
  };

  beforeAll(async () => {
    const secretKey = randomBytes(32).toString('base64');
    t = await createTestApp({ store: 'postgresql', secretKey });
    idp = await startSchoolIdp({
      shape: 'generic',
      keyLabel: 'two-nodes-live-change',
      spMetadataUrl: () => `${t.baseUrl}/sp/metadata`,
      user: { nameId: 'live-student-1', attributes: adfsStudent(1) },
    });
    // Node B is a separate OS process (`passi start`) of the same deployment.
    b = await startPassiProcess({ databaseUrl: t.config.databaseUrl ?? '', secretKey, publicUrl: t.baseUrl });
    // The education provider's main user signs in at node A and makes a personal API token there.
    const main = await signedInBrowser(t, 'live.main@example.fi', 'education-main', ORG);
    const cookie = main.browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '';
    const created = await fetch(`${t.baseUrl}/portal/api/v1/tokens`, {
      method: 'POST',
      headers: {
        cookie: `passi_portal=${cookie}`,
        'content-type': 'application/json',
        'x-csrf-token': main.csrf,
      },
      body: JSON.stringify({ name: 'two nodes', expiresInDays: 1 }),
    });
    if (created.status !== 201) throw new Error(`no API token (${created.status})`);
    const { token } = (await created.json()) as { token: string };
    bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  }, 180_000);
  afterAll(async () => {
    b?.stop();
    await t?.close();
    await idp?.close();
  });

  it('a SAML integration created through node A’s portal API logs in at node B within 2 s', async () => {
    // Node B knows the registry without the integration: the flow is refused there now.
    const before = await loginAtNodeB();
    expect(typeof before).toBe('string');
    expect(idp.lastRequest).toBeUndefined();

    const saved = await fetch(api('/integrations'), {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({
        type: 'saml',
        flowName: FLOW,
        settings: { metadataUrl: idp.metadataUrl },
        discovery: { displayName: { fi: 'Elävä koulu' } },
      }),
    });
    const body = (await saved.json()) as { id: string; flowName: string; revision: number };
    expect(saved.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ flowName: FLOW, revision: 1 });
    integrationId = body.id;

    const result = await withinBoundedWait(loginAtNodeB);
    // Node B sent the AuthnRequest to the school IdP from the metadata it loaded after the change.
    expect(idp.lastRequest?.acs).toBe(`${t.baseUrl}/sp/${FLOW}/acs`);
    expect(result.body).toContain(`urn:mpass.id:authnsource:${FLOW}`);
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(attributeValues(result.body, 'learnerId')).toEqual(['1.2.246.562.98.20000000001']);
    expect(attributeValues(result.body, 'firstName')).toEqual(['Testi1']);
    expect(result.body).not.toContain('data-status="error"');
  });

  it('an attribute mapping changed through node A’s portal API is used by node B’s next login within 2 s', async () => {
    expect(integrationId).not.toBe('');
    const saved = await fetch(api(`/integrations/${integrationId}`), {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({
        settings: { metadataUrl: idp.metadataUrl },
        // The school's nickName attribute now feeds firstName.
        mapping: { firstName: 'nickName' },
        discovery: { displayName: { fi: 'Elävä koulu' } },
        expectedRevision: 1,
      }),
    });
    const body = (await saved.json()) as { revision: number };
    expect(saved.status, JSON.stringify(body)).toBe(200);
    expect(body.revision).toBe(2);

    const result = await withinBoundedWait(async () => {
      const login = await loginAtNodeB();
      if (typeof login === 'string') return login;
      const firstName = attributeValues(login.body, 'firstName');
      return firstName.includes('Kutsumanimi1') ? login : `firstName was still ${firstName.join(', ')}`;
    });
    expect(attributeValues(result.body, 'firstName')).toEqual(['Kutsumanimi1']);
    expect(attributeValues(result.body, 'learnerId')).toEqual(['1.2.246.562.98.20000000001']);
  });
});
