/**
 * The connector contract matrix: every connector type (./drivers) × a SAML service (node-saml) and an
 * OIDC service (openid-client), against a real Passi (PGlite store, HTTP on loopback) with only the school
 * faked. Cases (./contract.ts): the login succeeds with the data-model attributes at the service; a cancel
 * and a school failure reach the service as protocol errors; another login's answer, an answer at another
 * integration's return address and a replayed answer are refused at Passi; no secret is ever logged. A case a school cannot have shows as skipped, with the
 * reason its driver gives.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { freePort } from '../support/free-port.ts';
import { captureLog } from '../support/log-capture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { CASES, type CaseName, EXPECTED_CODE, type SchoolOutcome } from './contract.ts';
import { DRIVERS } from './drivers/index.ts';
import { deliver, schoolAnswer } from './school-answer.ts';
import {
  type ContractService,
  contractRegistry,
  FACES,
  type Face,
  oidcService,
  SERVICE_SECRETS,
  type ServiceResult,
  samlService,
} from './services.ts';

/** The reason of the "login failed" log line among `lines` (docs/operations.md "Failed logins"). */
function loginFailedReason(lines: string[]): unknown {
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return parsed.findLast((l) => l.msg === 'login failed')?.reason;
}

/** A PEM's base64 body lines (any one of them in a log line would leak the key). */
function pemBody(pem: string): string[] {
  return pem
    .split('\n')
    .filter((l) => l.length >= 40 && !l.startsWith('-----'))
    .slice(0, 3);
}

describe('connector contract: the case table in README.md', () => {
  it("lists exactly the drivers' cases that are not applicable, with their reasons", () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const listed = [...readme.matchAll(/^\|\s*([\w-]+)\s*\|\s*(\w+)\s*\|\s*(.+?)\s*\|$/gm)]
      .filter((m) => m[2] !== undefined && (CASES as readonly string[]).includes(m[2]))
      .map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    const declared = DRIVERS.map((make) => make()).flatMap((d) =>
      Object.entries(d.notApplicable).map(([name, reason]) => `${d.label} ${name} ${reason}`),
    );
    expect(declared.length).toBeGreaterThan(0);
    expect(listed.sort()).toEqual(declared.sort());
  });
});

for (const makeDriver of DRIVERS) {
  const driver = makeDriver();
  const log = captureLog();

  describe(`connector contract: ${driver.label}`, () => {
    let t: TestApp;
    const services = new Map<Face, ContractService>();
    beforeAll(async () => {
      const port = await freePort();
      const integrations = await driver.start(`http://localhost:${port}`);
      t = await createTestApp({
        port,
        registry: contractRegistry(integrations),
        logStream: log.stream,
        config: { logLevel: 'debug' },
      });
      await driver.ready?.(t);
      services.set('saml', samlService(t));
      services.set('oidc', await oidcService(t));
    });
    afterAll(async () => {
      await t?.close();
      await driver.close();
    });

    const service = (face: Face): ContractService => {
      const s = services.get(face);
      if (!s) throw new Error(`no ${face} service`);
      return s;
    };

    /** One login through the school as `outcome`: the service's result and the log lines it wrote. */
    async function login(face: Face, outcome: SchoolOutcome) {
      driver.arrange(outcome);
      try {
        const mark = log.lines.length;
        const browser = new BrowserlessClient();
        const started = await service(face).begin(driver.flowName);
        const answer = await schoolAnswer(browser, started.url, driver, t.baseUrl, outcome);
        const result = await started.receive(browser, await deliver(browser, answer));
        return { browser, started, answer, result, lines: log.lines.slice(mark) };
      } finally {
        driver.arrange('success');
      }
    }

    /** Registers a case, or shows why this school cannot have it. */
    function contractCase(name: CaseName, title: string, body: () => Promise<void> | void): void {
      const reason = driver.notApplicable[name];
      if (reason !== undefined) it.skip(`${name}: not a case for ${driver.label}: ${reason}`, () => {});
      else it(`${name}: ${title}`, body);
    }

    const expectRefusedAtPassi = (result: ServiceResult, code: string) => {
      // The service received nothing: the browser stopped at Passi's error page.
      expect(result.kind).toBe('passi-page');
      if (result.kind !== 'passi-page') return;
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.code).toBe(code);
    };

    for (const face of FACES) {
      describe(`${face} service`, () => {
        contractCase('success', 'the service receives the data-model attributes', async () => {
          const { result } = await login(face, 'success');
          expect(result, JSON.stringify(result)).toMatchObject({ kind: 'login' });
          if (result.kind !== 'login') return;
          for (const [name, value] of Object.entries(driver.expected))
            expect(result.attributes[name], name).toContain(value);
        });

        contractCase('cancel', 'a cancel at the school reaches the service as a protocol error', async () => {
          const { result, lines } = await login(face, 'cancel');
          expect(result.kind, JSON.stringify(result)).toBe('protocol-error');
          expect(loginFailedReason(lines)).toBe(EXPECTED_CODE.cancel);
        });

        contractCase('failure', "the school's failure reaches the service as a protocol error", async () => {
          const { result, lines } = await login(face, 'failure');
          expect(result.kind, JSON.stringify(result)).toBe('protocol-error');
          expect(loginFailedReason(lines)).toBe(EXPECTED_CODE.failure);
        });

        contractCase('otherLogin', "another browser's answer is refused", async () => {
          driver.arrange('success');
          const a = new BrowserlessClient();
          const answerA = await schoolAnswer(
            a,
            (await service(face).begin(driver.flowName)).url,
            driver,
            t.baseUrl,
            'success',
          );
          const b = new BrowserlessClient();
          const loginB = await service(face).begin(driver.flowName);
          await schoolAnswer(b, loginB.url, driver, t.baseUrl, 'success');
          const result = await loginB.receive(b, await deliver(b, answerA));
          expectRefusedAtPassi(result, driver.codes?.otherLogin ?? EXPECTED_CODE.otherLogin);
        });

        contractCase(
          'otherIntegration',
          "the answer delivered at another integration's return address is refused",
          async () => {
            driver.arrange('success');
            const browser = new BrowserlessClient();
            const started = await service(face).begin(driver.flowName);
            const answer = await schoolAnswer(browser, started.url, driver, t.baseUrl, 'success');
            const elsewhere = {
              ...answer,
              url: answer.url.replace(`/${driver.flowName}/`, `/${driver.twinFlowName}/`),
            };
            expect(elsewhere.url).not.toBe(answer.url);
            const result = await started.receive(browser, await deliver(browser, elsewhere));
            expectRefusedAtPassi(result, EXPECTED_CODE.otherIntegration);
          },
        );

        contractCase('replay', 'a used answer delivered again is refused', async () => {
          const { browser, started, answer, result } = await login(face, 'success');
          expect(result.kind, JSON.stringify(result)).toBe('login');
          const again = await started.receive(browser, await deliver(browser, answer));
          expectRefusedAtPassi(again, EXPECTED_CODE.replay);
        });
      });
    }

    // Runs last for this connector: after every login above, success, refusal and failure alike.
    contractCase('noSecretLogged', 'no secret or private key in the log, at debug level', () => {
      expect(log.lines.length).toBeGreaterThan(20);
      const text = log.lines.join('\n');
      const keys = [t.services.keys.samlSigning, t.services.keys.samlEncryption];
      const secrets = [
        ...driver.secrets,
        ...SERVICE_SECRETS,
        ...keys.flatMap((k) => pemBody(k.privateKeyPem)),
      ];
      expect(secrets.length).toBeGreaterThan(SERVICE_SECRETS.length);
      for (const secret of secrets) expect(text.includes(secret), secret.slice(0, 8)).toBe(false);
    });
  });
}
