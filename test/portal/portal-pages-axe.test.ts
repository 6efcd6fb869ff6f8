/**
 * Every portal page, found by following links rather than listed (docs/portal.md "How the portal is
 * tested"): Chromium signs in as an operator, an education provider's main user and a viewer, follows every
 * same-origin link under /portal/ from the front page (GET only, bounded), and opens the public pages. Each
 * page, in Finnish, Swedish and English, has no axe-core WCAG 2.1 A/AA violation, the requested
 * `<html lang>`, a `<title>`, one `<h1>`, and a CSRF field in every POST form.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationLinkOf, invitePerson } from '../../src/portal/commands/invite-person.ts';
import type { PortalRole } from '../../src/portal/domain/roles.ts';
import type { AxeViolation } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signedInBrowser } from './portal-support.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

const LANGUAGES = ['fi', 'sv', 'en'] as const;
/** The crawl's bounds: pages in all, and pages with one path but other queries (pagination, filters). */
const MAX_PAGES = 60;
const MAX_PER_PATH = 3;
/**
 * Links not to follow: they end the session, or are single-use, or change something even as GET, or are
 * downloads rather than pages (the statistics CSV, the integration guides served as plain text).
 */
const NOT_FOLLOWED = /sign-out|log-?out|revoke|delete|remove|verify|confirm|\/api\/|\/assets\/|\.csv$|\.md$/i;
/** Hidden fields that carry a CSRF token: the session's (`csrf`) or the pre-sign-in double-submit (`form`). */
const CSRF_FIELDS = ['csrf', 'form'];
/** The demo registry's education provider (demo/registry.yaml). */
const ORGANISATION = '1.2.246.562.99.00000000001';

/**
 * axe-core, loaded into every document of a context before it runs (bypassCSP lets it in; the pages run no
 * inline script): one load per context instead of one injection per check keeps the crawl fast.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.1 A and AA rules, as test/discovery/chromium.ts runs them. */
function axeViolations(page: Page): Promise<AxeViolation[]> {
  return page.evaluate(async () => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** A page's identity for the crawl: path and query without the language and fragment. */
function pageKey(url: string): string {
  const u = new URL(url);
  u.hash = '';
  u.searchParams.delete('lang');
  u.searchParams.sort();
  return `${u.pathname}${u.search}`;
}

function withLang(url: string, lang: string): string {
  const u = new URL(url);
  u.searchParams.set('lang', lang);
  return u.toString();
}

/**
 * Follows same-origin links under /portal/ breadth-first from `starts`, within MAX_PAGES and MAX_PER_PATH;
 * returns the pages reached and says (visibly) what the bounds left out.
 */
async function crawl(page: Page, baseUrl: string, starts: string[]): Promise<string[]> {
  const origin = new URL(baseUrl).origin;
  const seen = new Set<string>();
  const perPath = new Map<string, number>();
  const queue = [...starts];
  const pages: string[] = [];
  const leftOut: string[] = [];
  while (queue.length > 0) {
    const next = queue.shift() ?? '';
    if (seen.has(pageKey(next))) continue;
    seen.add(pageKey(next));
    const path = new URL(next).pathname;
    if (pages.length >= MAX_PAGES || (perPath.get(path) ?? 0) >= MAX_PER_PATH) {
      leftOut.push(pageKey(next));
      continue;
    }
    await page.goto(next);
    // A redirect (e.g. /portal/ → sign-in) is the page it lands on.
    const landed = `${origin}${pageKey(page.url())}`;
    if (landed !== `${origin}${pageKey(next)}` && seen.has(pageKey(landed))) continue;
    seen.add(pageKey(landed));
    perPath.set(new URL(landed).pathname, (perPath.get(new URL(landed).pathname) ?? 0) + 1);
    pages.push(landed);
    const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const link of links) {
      const u = new URL(link);
      if (u.origin !== origin || !(u.pathname === '/portal' || u.pathname.startsWith('/portal/'))) continue;
      if (NOT_FOLLOWED.test(u.pathname)) continue;
      if (!seen.has(pageKey(link))) queue.push(`${origin}${pageKey(link)}`);
    }
  }
  if (leftOut.length > 0)
    console.warn(`crawl bounds left out ${leftOut.length} pages: ${leftOut.slice(0, 10).join(' ')}`);
  return pages;
}

/** What is wrong with one page in one language, one line per problem. */
async function pageProblems(page: Page, url: string, lang: string): Promise<string[]> {
  const where = `${pageKey(url)} [${lang}]`;
  const response = await page.goto(withLang(url, lang));
  const status = response?.status() ?? 0;
  if (status >= 400) return [`${where}: HTTP ${status}`];
  const facts = await page.evaluate((csrfFields) => {
    const posts = Array.from(document.querySelectorAll('form')).filter(
      (f) => f.method.toLowerCase() === 'post',
    );
    return {
      lang: document.documentElement.lang,
      title: document.title.trim(),
      h1: document.querySelectorAll('h1').length,
      formsWithoutCsrf: posts
        .filter(
          (f) =>
            !csrfFields.some((name) => {
              const input = f.querySelector(`input[type="hidden"][name="${name}"]`);
              return input instanceof HTMLInputElement && input.value.length > 0;
            }),
        )
        .map((f) => f.getAttribute('action') ?? '(no action)'),
    };
  }, CSRF_FIELDS);
  const problems: string[] = [];
  if (facts.lang !== lang) problems.push(`${where}: <html lang="${facts.lang}">`);
  if (facts.title === '') problems.push(`${where}: no <title>`);
  if (facts.h1 !== 1) problems.push(`${where}: ${facts.h1} <h1> elements`);
  for (const action of facts.formsWithoutCsrf)
    problems.push(`${where}: POST form ${action} without a CSRF field`);
  for (const v of await axeViolations(page)) {
    for (const node of v.nodes) {
      problems.push(`${where}: axe ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(node.target)}`);
    }
  }
  return problems;
}

describe.skipIf(!chromiumAvailable)(
  'portal pages in Chromium: every page reachable by link, in fi, sv and en',
  () => {
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

    /** A browser context with axe-core, signed in as `role` if given. */
    async function contextFor(role?: { email: string; role: PortalRole; organisationId: string }) {
      const context = await browser.newContext({ bypassCSP: true });
      await context.addInitScript({ content: AXE_SOURCE });
      contexts.push(context);
      if (role) {
        const { browser: client } = await signedInBrowser(t, role.email, role.role, role.organisationId);
        const value = client.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '';
        await context.addCookies([{ name: 'passi_portal', value, url: t.baseUrl }]);
      }
      return context.newPage();
    }

    async function checkAll(page: Page, pages: string[]): Promise<string[]> {
      const problems: string[] = [];
      for (const url of pages)
        for (const lang of LANGUAGES) problems.push(...(await pageProblems(page, url, lang)));
      return problems;
    }

    it.each([
      { email: 'crawl.operator@example.fi', role: 'operator', organisationId: 'passi' },
      { email: 'crawl.main@example.fi', role: 'education-main', organisationId: ORGANISATION },
      { email: 'crawl.viewer@example.fi', role: 'education-viewer', organisationId: ORGANISATION },
    ] as const)(
      'signed in as $role: every page reachable from /portal/',
      async (who) => {
        const page = await contextFor(who);
        const pages = await crawl(page, t.baseUrl, [`${t.baseUrl}/portal/`]);
        expect(pages, 'the crawl reached the signed-in front page and the token page').toEqual(
          expect.arrayContaining([`${t.baseUrl}/portal/`, `${t.baseUrl}/portal/tokens`]),
        );
        if (who.role !== 'operator') {
          const insight = ['statistics', 'data-quality', 'trace'].map(
            (p) => `${t.baseUrl}/portal/organisation/${ORGANISATION}/${p}`,
          );
          expect(pages, 'the crawl reached the login statistics, data quality and trace pages').toEqual(
            expect.arrayContaining(insight),
          );
        }
        console.info(`${who.role}: ${pages.length} pages: ${pages.map(pageKey).join(' ')}`);
        expect(await checkAll(page, pages)).toEqual([]);
      },
      600_000,
    );

    it('public pages: sign-in, a fresh invitation, and the pages they link to', async () => {
      const { link } = invitationLinkOf(
        await invitePerson(
          {
            db: t.services.db,
            box: t.services.box,
            clock: t.services.clock,
            mailer: { send: async () => {} },
            publicUrl: t.baseUrl,
          },
          {
            email: 'crawl.invited@example.fi',
            organisationId: ORGANISATION,
            role: 'education-main',
            invitedBy: 'test',
          },
        ),
      );
      const page = await contextFor();
      const pages = await crawl(page, t.baseUrl, [`${t.baseUrl}/portal/sign-in`, link]);
      expect(pages).toEqual(
        expect.arrayContaining([`${t.baseUrl}/portal/sign-in`, `${t.baseUrl}${pageKey(link)}`]),
      );
      console.info(
        `public: ${pages.length} pages: ${pages.map((p) => pageKey(p).replace(/token=[^&]+/, 'token=…')).join(' ')}`,
      );
      expect(await checkAll(page, pages)).toEqual([]);
    }, 600_000);

    it('the join page, once it exists', async (ctx) => {
      const res = await fetch(`${t.baseUrl}/portal/join`);
      if (res.status === 404) {
        console.warn('SKIPPED: /portal/join answers 404 (not built yet)');
        ctx.skip('/portal/join answers 404 (not built yet)');
      }
      const page = await contextFor();
      const pages = await crawl(page, t.baseUrl, [`${t.baseUrl}/portal/join`]);
      expect(await checkAll(page, pages)).toEqual([]);
    }, 600_000);
  },
);
