import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { axeViolations, launchChromium } from './chromium.ts';
import {
  attributeTestLogin,
  DISCOVERY_REGISTRY,
  installTestLogo,
  restrictedServiceLogin,
  TWO_METHODS_REGISTRY,
} from './discovery-fixture.ts';

/**
 * The school selection page in Chromium against a real Passi (docs/discovery.md): type-ahead search,
 * choosing and completing a login through the test directory, remembering and forgetting, languages,
 * keyboard-only use, axe-core in fi/sv/en, the no-JavaScript path, and 320 px reflow.
 */
if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

describe.skipIf(!chromiumAvailable)('school selection page in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ registry: DISCOVERY_REGISTRY }), launchChromium()]);
    installTestLogo(t.config.dataDir);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function discoveryPage(
    options: Parameters<Browser['newContext']>[0] = {},
    login = attributeTestLogin(t.baseUrl),
  ): Promise<Page> {
    const context = await browser.newContext({ locale: 'fi-FI', ...options });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(login);
    expect(new URL(page.url()).pathname).toBe('/discovery');
    return page;
  }

  const status = (page: Page) => page.locator('#disco-status');
  const school = (page: Page, name: string) =>
    page.locator('#disco-results').getByRole('button', { name: new RegExp(name) });

  it('finds a school while typing (with one typo), announces the count, and completes a login', async () => {
    const page = await discoveryPage();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Valitse koulusi');
    expect(await page.locator('.disco-service strong').textContent()).toBe(
      'Käyttäjätietojen testipalvelu (SAML)',
    );
    await page.locator('#disco-q').pressSequentially('mansikalan pe', { delay: 20 });
    await expect.poll(() => status(page).textContent()).toBe('Löytyi 1 koulu.');
    expect(await page.locator('#disco-results button').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('mansikalan pe');
    await school(page, 'Mansikkalan testi peruskoulu').click();
    await page.waitForURL(/\/upstream\/test-directory\/MansikkalaTest\/login/);
    await page.fill('input[name=username]', 'demo_u0001');
    await page.fill('input[name=password]', 'demo_u0001pwd');
    await page.locator('form').first().getByRole('button').click();
    await page.waitForURL(/\/test-service\/saml\/acs/);
    expect(await page.content()).toContain('30076;Mansikkalan testi peruskoulu');
  });

  it('remembers the school first next time, and forgets it with one click', async () => {
    const page = await discoveryPage();
    await school(page, 'Mustikkalan testikoulu').click();
    await page.waitForURL(/MustikkalaTest\/login/);
    await page.goto(attributeTestLogin(t.baseUrl));
    const recent = page.locator('section.disco-recent');
    expect(await recent.locator('h2').textContent()).toBe('Viimeksi valitsemasi');
    expect(await recent.getByRole('button', { name: /Mustikkalan testikoulu/ }).count()).toBe(1);
    await page.locator('#disco-q').fill('mustikkalan');
    await expect
      .poll(() => page.locator('#disco-results button').first().textContent())
      .toContain('viimeksi valittu');
    await recent.getByRole('button', { name: 'Unohda valintani' }).click();
    await page.waitForURL(/\/discovery\?lang=fi$/);
    expect(await page.locator('section.disco-recent').count()).toBe(0);
  });

  it('switches language with the visible switcher (lang attribute, texts, results)', async () => {
    const page = await discoveryPage();
    await page.getByRole('link', { name: 'Svenska' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await page.locator('h1').textContent()).toBe('Välj din skola');
    expect(await page.locator('#disco-results').textContent()).toContain('Mansikkala testgymnasium');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.locator('#disco-q').fill('mustik');
    await expect.poll(() => status(page).textContent()).toBe('2 schools found.');
    // The switcher follows the search the script made.
    await page.getByRole('link', { name: 'Suomi' }).click();
    expect(await page.locator('#disco-status').textContent()).toBe('Löytyi 2 koulua.');
  });

  it('works with the keyboard alone: skip link, language links, search, results, visible focus', async () => {
    const page = await discoveryPage();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el ? `${el.tagName.toLowerCase()}:${el.id || el.textContent?.trim().slice(0, 30)}` : '';
      });
    const stops: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    expect(stops).toEqual([
      'a:Siirry sisältöön',
      'a:Suomi',
      'a:Svenska',
      'a:English',
      'input:disco-q',
      'button:Hae',
      'button:Mansikkalan testi peruskoulu (',
    ]);
    const outline = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? getComputedStyle(el).outlineStyle : '';
    });
    expect(outline).toBe('solid');
    // The skip link moves focus to the main content; the next stop is the search field.
    await page.locator('a.skip').focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('main:main');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('input:disco-q');
    // Search by keyboard, then choose the result with Enter.
    await page.keyboard.type('mustikkalan 99974');
    await expect.poll(() => status(page).textContent()).toBe('Löytyi 1 koulu.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:Mustikkalan testikoulu (Mustik');
    await page.keyboard.press('Enter');
    await page.waitForURL(/MustikkalaTest\/login/);
  });

  it('reaches every control of the whole page with Tab, in order, and forgets a school by keyboard', async () => {
    const page = await discoveryPage();
    await school(page, 'Mustikkalan testikoulu').click();
    await page.waitForURL(/MustikkalaTest\/login/);
    await page.goto(attributeTestLogin(t.baseUrl));
    // Every control a mouse user could use, in document order (links, buttons, the search field),
    // numbered so that two controls with the same text (a school in "recent" and in the list) differ.
    const controls = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden])'))
        .filter((el) => el.offsetParent !== null || el.matches('a.skip'))
        .map((el, i) => {
          el.dataset.kbd = String(i);
          return `${i}:${el.tagName.toLowerCase()}:${el.id || el.textContent?.trim().slice(0, 40)}`;
        }),
    );
    expect(controls.length).toBeGreaterThan(10);
    const reached: string[] = [];
    for (let i = 0; i < controls.length + 5 && reached.length < controls.length; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.dataset.kbd !== undefined
          ? `${el.dataset.kbd}:${el.tagName.toLowerCase()}:${el.id || el.textContent?.trim().slice(0, 40)}`
          : '';
      });
      if (id && !reached.includes(id)) reached.push(id);
    }
    expect(reached).toEqual(controls);
    // The recent choice's forget button, by keyboard only.
    const forget = page.locator('section.disco-recent').getByRole('button', { name: 'Unohda valintani' });
    await forget.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/discovery\?lang=fi$/);
    expect(await page.locator('section.disco-recent').count()).toBe(0);
  });

  it('has no WCAG 2.1 A/AA violations (axe-core) in Finnish, Swedish and English', async () => {
    const page = await discoveryPage({ bypassCSP: true });
    // Remember a choice first so the recent-choices section is checked too.
    await school(page, 'Mansikkalan testilukio').click();
    await page.waitForURL(/MansikkalaTest\/login/);
    await page.goto(attributeTestLogin(t.baseUrl));
    for (const lang of ['fi', 'sv', 'en']) {
      for (const q of ['', 'mansikkala', 'zzzz']) {
        await page.goto(`${t.baseUrl}/discovery?${new URLSearchParams({ lang, q })}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        const violations = await axeViolations(page);
        expect(violations, `${lang} q=${q}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
      }
    }
  });

  it('works without JavaScript: the search form re-renders the results and a button chooses', async () => {
    const page = await discoveryPage({ javaScriptEnabled: false });
    await page.fill('#disco-q', 'mustikkala');
    await page.getByRole('button', { name: 'Hae' }).click();
    await page.waitForURL(/q=mustikkala/);
    expect(await status(page).textContent()).toBe('Löytyi 2 koulua.');
    await school(page, 'Mustikkalan testikoulu').click();
    await page.waitForURL(/MustikkalaTest\/login/);
  });

  it('reflows at 320 CSS pixels (400 % zoom of 1280 px) without horizontal scrolling', async () => {
    const page = await discoveryPage({ viewport: { width: 320, height: 640 } });
    await page.locator('#disco-q').fill('mansikkalan');
    await expect.poll(() => status(page).textContent()).toBe('Löytyi 3 koulua.');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('never offers a restricted service an integration that does not allow it', async () => {
    const page = await discoveryPage({}, restrictedServiceLogin(t.baseUrl));
    expect(await page.locator('.disco-service strong').textContent()).toBe('Rajattu testipalvelu');
    expect(await page.content()).not.toContain('salainen');
    await page.locator('#disco-q').fill('salainen');
    await expect.poll(() => status(page).textContent()).toContain('Kouluja ei löytynyt');
  });
});

describe.skipIf(!chromiumAvailable)('one education provider with two login methods, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ registry: TWO_METHODS_REGISTRY }), launchChromium()]);
  });
  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const open = async (options: Parameters<Browser['newContext']>[0] = {}) => {
    context = await browser.newContext({ locale: 'fi-FI', ...options });
    const page = await context.newPage();
    await page.goto(attributeTestLogin(t.baseUrl));
    expect(new URL(page.url()).pathname).toBe('/discovery');
    return page;
  };
  const names = (page: Page, school: string) =>
    page
      .locator('#disco-results')
      .getByRole('button', { name: new RegExp(school) })
      .evaluateAll((els) => els.map((el) => el.textContent?.trim() ?? ''));

  it("tells the two entries of each school apart by the integration's login method, in fi/sv/en", async () => {
    const page = await open();
    expect(await names(page, 'Mansikkalan testi peruskoulu')).toEqual([
      'Mansikkalan testi peruskoulu (Mansikkalan testikoulutustoimija, Testitunnukset), Mansikkala',
      'Mansikkalan testi peruskoulu (Mansikkalan testikoulutustoimija, Wilma), Mansikkala',
    ]);
    await page.locator('#disco-q').fill('wilma');
    await expect.poll(() => page.locator('#disco-status').textContent()).toBe('Löytyi 3 koulua.');
    for (const [lang, test] of [
      ['sv', 'Testkonton'],
      ['en', 'Test accounts'],
    ] as const) {
      await page.goto(`${t.baseUrl}/discovery?lang=${lang}`);
      const shown = await page.locator('#disco-results .disco-title').allTextContents();
      expect(shown.some((s) => s.includes(`, ${test})`))).toBe(true);
      expect(shown.some((s) => s.includes(', Wilma)'))).toBe(true);
    }
  });

  it('has no WCAG 2.1 A/AA violations (axe-core) in Finnish, Swedish and English', async () => {
    const page = await open({ bypassCSP: true });
    for (const lang of ['fi', 'sv', 'en']) {
      for (const q of ['', 'mansikkala', 'wilma']) {
        await page.goto(`${t.baseUrl}/discovery?${new URLSearchParams({ lang, q })}`);
        const violations = await axeViolations(page);
        expect(violations, `${lang} q=${q}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
      }
    }
  });

  it('reaches both entries by keyboard with distinct accessible names and chooses one with Enter', async () => {
    const page = await open();
    await page.locator('#disco-q').focus();
    await page.keyboard.type('mansikkalan testi peruskoulu');
    await expect.poll(() => page.locator('#disco-status').textContent()).toBe('Löytyi 2 koulua.');
    const focusedName = () =>
      page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    await page.keyboard.press('Tab'); // the search button
    await page.keyboard.press('Tab');
    const first = await focusedName();
    await page.keyboard.press('Tab');
    const second = await focusedName();
    expect(first).toContain('Testitunnukset');
    expect(second).toContain('Wilma');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/MansikkalaTest\/login/);
  });
});
