/**
 * Daily login counts are gathered in memory and written once a second (docs/operations.md "Daily login
 * statistics"); a shutdown writes what is still waiting before the store closes, so a node stopped right
 * after a login loses no count.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLoginDailyRepository } from '../../src/ops/statistics/login-daily-repository.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { createTestApp } from '../support/test-app.ts';

const INTEGRATION = '4000904';
const FLOW = 'SammutusTest';
const REGISTRY = `
integrations:
  - id: "${INTEGRATION}"
    organisationOid: 1.2.246.562.99.00000000001
    type: test-directory
    flowName: ${FLOW}
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Sammutustestikoulut, sv: Avstängningstestskolor, en: Shutdown test schools }
      showSchools: false
`;

describe('daily login counts at shutdown', () => {
  it('a login finished just before the node stops is in login_daily after a restart', async () => {
    const secretKey = randomBytes(32).toString('base64');
    const t = await createTestApp({ embeddedOnDisk: true, secretKey, registry: REGISTRY });
    const dataDir = t.config.dataDir;
    try {
      const browser = new BrowserlessClient();
      const discovery = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
      const loginPage = await browser.postFollow(`${t.baseUrl}/discovery/choose`, {
        choice: `${INTEGRATION}~`,
        lang: 'en',
        form_token: parseForms(discovery.body).find((f) => f.fields.form_token)?.fields.form_token ?? '',
      });
      const answer = await browser.submitForm(loginPage, {
        username: 'demo_u0001',
        password: 'demo_u0001pwd',
      });
      const result = await browser.submitForm(answer);
      expect(new URL(result.url).pathname).toBe('/test-service/saml/acs');
      expect(result.body).not.toContain('The login failed');
    } finally {
      await t.close();
    }
    const again = await createTestApp({ embeddedOnDisk: true, secretKey, config: { dataDir } });
    try {
      const day = new Date().toISOString().slice(0, 10);
      const rows = await createLoginDailyRepository(again.services.db).days(day, day);
      expect(rows.filter((r) => r.integrationId === INTEGRATION).map((r) => [r.outcome, r.count])).toEqual([
        ['completed', 1],
      ]);
    } finally {
      await again.close();
    }
  });
});
