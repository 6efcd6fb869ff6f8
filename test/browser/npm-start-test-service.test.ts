import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import { waitForReady } from '../support/wait-for-ready.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

/**
 * `npm start` on a fresh data dir, then the attribute test service logs in as
 * demo_u0001 through a real browser. Runs the real start command (embedded store, demo seed).
 */
describe.skipIf(!chromiumAvailable)('npm start → attribute test service in Chromium', () => {
  let server: ChildProcess;
  let browser: Browser;
  let baseUrl: string;
  const output: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    server = spawn('npm', ['start', '--silent'], {
      env: {
        ...process.env,
        PASSI_PORT: String(port),
        PASSI_PUBLIC_URL: baseUrl,
        PASSI_DATA_DIR: mkdtempSync(join(tmpdir(), 'passi-start-')),
        PASSI_SIGNING_KEY_TYPE: 'rsa-2048',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout?.on('data', (d) => output.push(String(d)));
    server.stderr?.on('data', (d) => output.push(String(d)));
    await waitForReady(baseUrl, server, output);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  });

  it('logs in as demo_u0001 and shows schoolInfo, role and education provider', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/test-service/?lang=en`);
    await page.getByRole('button', { name: 'Log in (SAML)' }).click();
    await page.getByLabel('Username').fill('demo_u0001');
    await page.getByLabel('Password').fill('demo_u0001pwd');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.waitForURL(`${baseUrl}/test-service/saml/acs`);
    const released = page.locator('#released');
    await expect(released.locator('tr[data-attribute="schoolInfo"]').textContent()).resolves.toContain(
      '30076;Mansikkalan testi peruskoulu',
    );
    await expect(
      released.locator('tr[data-attribute="role"] td[data-status]').getAttribute('data-status'),
    ).resolves.toBe('ok');
    await expect(
      released.locator('tr[data-attribute="educationProviderInfo"]').textContent(),
    ).resolves.toContain('1.2.246.562.99.00000000001;');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  });
});
