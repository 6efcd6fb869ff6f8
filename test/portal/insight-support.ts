/**
 * Logins with problems for the insight page tests, the way test/e2e/login-insight.test.ts makes them:
 * through the attribute test service and the test directory, as accounts whose registry data is broken.
 */
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import type { TestApp } from '../support/test-app.ts';

/** The demo registry's education provider, which owns the insight test integration. */
export const INSIGHT_ORGANISATION = '1.2.246.562.99.00000000001';
export const INSIGHT_INTEGRATION = '4000904';
export const INSIGHT_REGISTRY = `
integrations:
  - id: "${INSIGHT_INTEGRATION}"
    organisationOid: ${INSIGHT_ORGANISATION}
    type: test-directory
    flowName: OivallusSivut
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Oivallustestikoulut, sv: Insiktstestskolor, en: Insight test schools }
      showSchools: false
`;

/** A login as `username` (cancelled at the school when undefined); the error id shown, if any. */
export async function loginThroughTestDirectory(
  t: TestApp,
  username: string | undefined,
): Promise<string | undefined> {
  const browser = new BrowserlessClient();
  const discovery = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
  const loginPage = await browser.postFollow(`${t.baseUrl}/discovery/choose`, {
    choice: `${INSIGHT_INTEGRATION}~`,
    lang: 'en',
    form_token: parseForms(discovery.body).find((f) => f.fields.form_token)?.fields.form_token ?? '',
  });
  const answer = username
    ? await browser.submitForm(loginPage, { username, password: `${username}pwd` })
    : await browser.submitForm(loginPage, {}, 1);
  const result = await browser.submitForm(answer);
  return /PASSI-[A-Z0-9-]+|[0-9a-f]{8}-[0-9a-f-]{27}/i.exec(result.body)?.[0];
}

/**
 * Six logins — a pupil, a teacher, no school code, another provider's school, no learner id (blocked) and
 * one cancelled — and waits until the statistics count them all; the blocked login's error id.
 */
export async function makeInsightLogins(t: TestApp): Promise<{ blockedErrorId: string }> {
  const shown = [];
  for (const user of ['demo_u0001', 'demo_u0040', 'demo_u0020', 'demo_u0021', 'demo_u0022', undefined])
    shown.push(await loginThroughTestDirectory(t, user));
  const [pupil, teacher, noSchool, otherSchool, blocked, cancelled] = shown;
  if (pupil || teacher || noSchool || otherSchool) throw new Error(`a login failed: ${shown.join(', ')}`);
  if (!blocked || !cancelled) throw new Error('the blocked or cancelled login showed no error id');
  for (let i = 0; i < 50; i++) {
    const row = await t.services.db
      .selectFrom('login_daily')
      .select((eb) => eb.fn.sum<string>('count').as('n'))
      .where('integration_id', '=', INSIGHT_INTEGRATION)
      .executeTakeFirst();
    if (Number(row?.n ?? 0) >= 6) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { blockedErrorId: blocked };
}
