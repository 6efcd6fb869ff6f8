/**
 * Login statistics, data quality and the support trace in Debian's Chromium (docs/portal.md "Login
 * statistics, data quality and support trace"), with real logins behind them: each page in fi, sv and en
 * has no axe-core WCAG 2.1 A/AA violation; the charts are images with accessible names and their tables
 * are there beside them; the forms work without script. With PASSI_SCREENSHOTS=1 the English pages are
 * saved as docs/portal/statistics.png, data-quality.png and trace.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/i18n/messages.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { INSIGHT_ORGANISATION, INSIGHT_REGISTRY, makeInsightLogins } from './insight-support.ts';
import { signedInBrowser } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const LANGUAGES = ['fi', 'sv', 'en'] as const;
const screenshot = async (page: Page, name: string) => {
  if (process.env.PASSI_SCREENSHOTS === '1')
    await page.screenshot({ path: `docs/portal/${name}.png`, fullPage: true });
};

describe.skipIf(!chromiumAvailable)('insight pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let blockedErrorId = '';
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ registry: INSIGHT_REGISTRY }), launchChromium()]);
    ({ blockedErrorId } = await makeInsightLogins(t));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('the three pages with data pass axe in fi, sv and en; charts are named images with their tables', async () => {
    const { browser: client } = await signedInBrowser(
      t,
      'kaaviot@example.fi',
      'education-main',
      INSIGHT_ORGANISATION,
    );
    // bypassCSP only so axe-core can be injected; the pages themselves run no script.
    context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
    await context.addCookies([
      {
        name: 'passi_portal',
        value: client.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '',
        url: t.baseUrl,
      },
    ]);
    const page = await context.newPage();
    const base = `${t.baseUrl}/portal/organisation/${INSIGHT_ORGANISATION}`;

    for (const lang of LANGUAGES) {
      const m = messages(lang);
      await page.goto(`${base}/statistics?lang=${lang}`);
      await page.getByRole('heading', { level: 1, name: m['portal.insight.stats.title'] }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      for (const title of [
        m['portal.insight.stats.perDay'],
        m['portal.insight.stats.byService'],
        m['portal.insight.stats.byOutcome'],
      ]) {
        await expect(page.getByRole('img', { name: title, exact: true }).count()).resolves.toBe(1);
        const table = page.getByRole('table', { name: `${m['portal.insight.stats.tableOf']}: ${title}` });
        await expect(table.count()).resolves.toBe(1);
      }
      const daily = page.getByRole('table', {
        name: `${m['portal.insight.stats.tableOf']}: ${m['portal.insight.stats.perDay']}`,
      });
      expect(await daily.getByRole('row').last().getByRole('cell').first().textContent()).toBe('6');
      expect(await axeViolations(page)).toEqual([]);
      if (lang === 'en') await screenshot(page, 'statistics');

      await page.goto(`${base}/data-quality?lang=${lang}`);
      const problems = page.getByRole('table', { name: m['portal.insight.quality.caption'] });
      expect(await problems.getByRole('rowheader').allTextContents()).toEqual(
        expect.arrayContaining([
          expect.stringContaining('SCHOOL_MISSING'),
          expect.stringContaining('LEARNER_ID_MISSING'),
        ]),
      );
      expect(await axeViolations(page)).toEqual([]);
      if (lang === 'en') await screenshot(page, 'data-quality');

      await page.goto(`${base}/trace?lang=${lang}`);
      await page.getByLabel(m['portal.insight.trace.errorId']).fill(blockedErrorId);
      await page.getByRole('button', { name: m['portal.insight.trace.submit'] }).click();
      await page.waitForURL(/errorId=/);
      const found = page.getByRole('article');
      await expect(found.count()).resolves.toBe(1);
      expect(await found.textContent()).toContain('LEARNER_ID_MISSING');
      expect(await axeViolations(page)).toEqual([]);
      if (lang === 'en') await screenshot(page, 'trace');
    }

    // A bad date: the reason is announced and the fields marked, still without axe violations.
    await page.goto(`${base}/statistics?lang=en&from=2026-02-30`);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('The date is not valid');
    expect(await axeViolations(page)).toEqual([]);
  });
});
