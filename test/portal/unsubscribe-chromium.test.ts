/**
 * The weekly summary's unsubscribe pages in Debian's Chromium (docs/operations.md "Weekly summary"): the
 * confirmation in fi, sv and en, the refusal of a tampered link and the result pass axe-core's WCAG 2.1
 * A/AA rules; the button works with JavaScript switched off.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeLink } from '../../src/ops/summary/unsubscribe-token.ts';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const MANSIKKALA = '1.2.246.562.99.00000000001';

describe.skipIf(!chromiumAvailable)('weekly summary unsubscribe pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  const linkFor = (email: string) =>
    unsubscribeLink(t.baseUrl, t.services.unsubscribeSecret, { organisationId: MANSIKKALA, email });
  const optedOut = async () =>
    (await t.services.db.selectFrom('weekly_summary_opt_out').select('email').execute()).map((r) => r.email);

  it('asks, refuses and confirms accessibly in fi, sv and en; the button needs no JavaScript', async () => {
    // bypassCSP only so axe-core can be injected; the pages themselves run no script.
    const axeContext = await browser.newContext({ bypassCSP: true });
    const page = await axeContext.newPage();
    for (const [lang, heading, button] of [
      ['fi', 'Viikkokoosteen tilauksen peruminen', 'Peru tilaus'],
      ['sv', 'Avbeställ veckosammandraget', 'Avbeställ'],
      ['en', 'Unsubscribe from the weekly summary', 'Unsubscribe'],
    ] as const) {
      await page.goto(`${linkFor('it@mansikkala.example.fi')}&lang=${lang}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('button', { name: button }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await axeViolations(page)).toEqual([]);
    }
    expect(await optedOut()).toEqual([]);

    const refused = await page.goto(`${linkFor('it@mansikkala.example.fi').slice(0, -3)}&lang=en`);
    expect(refused?.status()).toBe(400);
    await page.getByRole('alert').filter({ hasText: 'This unsubscribe link is not valid' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${linkFor('it@mansikkala.example.fi')}&lang=en`);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('status').filter({ hasText: 'Unsubscribed.' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await axeContext.close();

    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${linkFor('tuki@mansikkala.example.fi')}&lang=sv`);
    await plain.getByRole('button', { name: 'Avbeställ' }).click();
    await plain.getByRole('status').filter({ hasText: 'Beställningen är avslutad.' }).waitFor();
    await noScript.close();
    expect((await optedOut()).sort()).toEqual(['it@mansikkala.example.fi', 'tuki@mansikkala.example.fi']);
  });
});
