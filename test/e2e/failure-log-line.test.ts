import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A blocked login (the school sent no learner id) leaves one log line for the operator with the
 * reason and the school-side detail; each service reads only a generic message and that line's error id.
 */
const log = captureLog();
describe('failed and blocked logins: one log line, a generic answer with the error id', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logStream: log.stream });
  });
  afterAll(() => t?.close());

  const blockedLogin = async (protocol: 'saml' | 'oidc') => {
    const before = log.lines.length;
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(`${t.baseUrl}/test-service/${protocol}/login?lang=en`);
    // demo_u0022 has no learner id: the data model blocks the login (https://wiki.eduuni.fi/display/OPHPALV/MPASSid+ja+oppijanumero).
    const answered = await browser.submitForm(page, { username: 'demo_u0022', password: 'demo_u0022pwd' });
    const result = protocol === 'saml' ? await browser.submitForm(answered) : answered;
    const lines = log.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    return { result, lines: lines.filter((l) => l.msg === 'login blocked' || l.msg === 'login failed') };
  };

  it.each(['saml', 'oidc'] as const)('over %s', async (protocol) => {
    const { result, lines } = await blockedLogin(protocol);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? {};
    expect(line).toMatchObject({
      level: 40,
      msg: 'login blocked',
      reason: 'PASSI_LOGIN_BLOCKED',
      service: protocol === 'saml' ? 'attribute-test-saml' : 'attribute-test-oidc',
      integration: expect.any(String),
      flowName: 'MansikkalaTest',
      detail: expect.stringContaining('LEARNER_ID_MISSING'),
      upstream: { problems: ['LEARNER_ID_MISSING'] },
    });
    expect(line.flowId).toEqual(expect.any(String));
    expect(line.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.body).toContain('The login failed');
    expect(result.body).toContain(`(error id ${String(line.errorId)})`);
    expect(result.body).not.toContain('login blocked: ');
  });
});
