/**
 * "A copyable report" (docs/attribute-test-service.md), in Debian's Chromium: the attribute test service's result page offers a
 * "Copy report" button (assets/copy-report.js, loaded under the page's real CSP) that puts the report on
 * the clipboard and announces it in a live region; when copying fails the report is selected for the
 * keyboard shortcut; without JavaScript there is no button and the textarea remains. No WCAG 2.1 A/AA
 * violations (axe-core) on the page after copying.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const COPIED = 'The report was copied to the clipboard.';
const FAILED = 'Copying did not work. The report is selected: copy it with Ctrl+C (Cmd+C on a Mac).';

describe.skipIf(!chromiumAvailable)('attribute test service: "Copy report" in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  /** A fresh browser context logged in through the SAML test service as `username`, on the result page. */
  const resultPage = async (
    username: string,
    options: Parameters<Browser['newContext']>[0] = {},
  ): Promise<{ page: Page; cspErrors: string[] }> => {
    const context = await browser.newContext({ locale: 'en-GB', ...options });
    contexts.push(context);
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${t.baseUrl}/test-service/?lang=en`);
    await page.getByRole('button', { name: 'Log in (SAML)' }).click();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(`${username}pwd`);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    // Without JavaScript the HTTP-POST binding page waits for its button.
    if (options.javaScriptEnabled === false) await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${t.baseUrl}/test-service/saml/acs`);
    return { page, cspErrors };
  };

  it('copies the report with the keyboard and announces it in the status region', async () => {
    const { page, cspErrors } = await resultPage('demo_u0020', {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const button = page.getByRole('button', { name: 'Copy report' });
    await button.waitFor({ state: 'visible' });
    expect(await page.locator('#copy-report-status').textContent()).toBe('');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: COPIED }).count(), { timeout: 15_000 })
      .toBe(1);
    const report = await page.locator('#report').inputValue();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(report);
    // The copied report carries the statuses: demo_u0020 has no school code (empty) and so no school (error).
    const parsed: unknown = JSON.parse(copied);
    expect(parsed).toMatchObject({ statuses: { schoolCode: 'empty', school: 'error', learnerId: 'ok' } });
    expect(cspErrors).toEqual([]);

    // A second press announces again (the region is emptied first).
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#copy-report-status').textContent()).toBe(COPIED);
  });

  it('when the clipboard refuses, the report is selected and the failure announced', async () => {
    const { page } = await resultPage('demo_u0001');
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.getByRole('button', { name: 'Copy report' }).click();
    await expect.poll(() => page.locator('#copy-report-status').textContent()).toBe(FAILED);
    const selection = await page.evaluate(() => {
      const report = document.getElementById('report');
      return report instanceof HTMLTextAreaElement
        ? {
            focused: document.activeElement === report,
            start: report.selectionStart,
            end: report.selectionEnd,
            length: report.value.length,
          }
        : undefined;
    });
    expect(selection).toMatchObject({ focused: true, start: 0 });
    expect(selection?.end).toBe(selection?.length);
  });

  it('without JavaScript there is no button, and the report is a read-only textarea', async () => {
    const { page } = await resultPage('demo_u0001', { javaScriptEnabled: false });
    expect(await page.getByRole('button', { name: 'Copy report' }).count()).toBe(0);
    const report = page.getByRole('textbox', { name: 'Technical report (copy into a support request)' });
    expect(await report.isVisible()).toBe(true);
    expect(await report.getAttribute('readonly')).not.toBeNull();
    expect(await report.inputValue()).toContain('"statuses"');
  });

  it('has no WCAG 2.1 A/AA violations (axe-core) after copying', async () => {
    // axe is injected as an inline script, which the page CSP forbids: this context bypasses it.
    const { page } = await resultPage('demo_u0023', {
      permissions: ['clipboard-read', 'clipboard-write'],
      bypassCSP: true,
    });
    await page.getByRole('button', { name: 'Copy report' }).click();
    await expect.poll(() => page.locator('#copy-report-status').textContent()).toBe(COPIED);
    expect(await axeViolations(page)).toEqual([]);
  });
});
