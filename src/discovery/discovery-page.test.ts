import { describe, expect, it } from 'vitest';
import type { Language } from '../core/language.ts';
import { buildEntries } from './build-entries.ts';
import { PROVIDER_A, PROVIDER_B, TEST_ORGANISATIONS, testIntegration } from './discovery.test-data.ts';
import { renderDiscoveryPage } from './discovery-page.tsx';
import { boundedQuery, normaliseQuery } from './normalise.ts';
import { LIST_ALL_LIMIT, resultsView } from './results-view.ts';
import { createSchoolDirectory } from './school-directory.ts';
import { createSearchIndex } from './search-index.ts';

const index = createSearchIndex(
  buildEntries(
    [testIntegration('4000101', PROVIDER_A, { logo: 'ahtari.png' }), testIntegration('4000201', PROVIDER_B)],
    createSchoolDirectory(TEST_ORGANISATIONS),
  ),
);

function page(options: { lang?: Language; q?: string; recent?: string[] } = {}): string {
  const lang = options.lang ?? 'fi';
  const query = boundedQuery(options.q ?? '');
  const recent = (options.recent ?? []).flatMap((k) => index.byKey.get(k) ?? []);
  return renderDiscoveryPage({
    lang,
    serviceName: 'Oppimisalusta "Testi" <b>',
    query,
    recent,
    view: resultsView(index, normaliseQuery(query), lang, new Set(recent.map((e) => e.key))),
    logoUrl: (file) => `/discovery/logos/${file}`,
    formToken: 'test-form-token',
  });
}

describe('the school selection page (rendered without a server)', () => {
  it('names the service the user is logging in to, escaped', () => {
    const html = page();
    expect(html).toContain('<html lang="fi">');
    expect(html).toContain(
      'Olet kirjautumassa palveluun <strong>Oppimisalusta &quot;Testi&quot; &lt;b></strong>',
    );
  });

  it('lists every school grouped by education provider, with the provider in parentheses', () => {
    const html = page();
    expect(html).toMatch(/<h3 id="g-1\.2\.246\.562\.99\.00000000101">Ähtärin kaupunki<\/h3>/);
    expect(html).toMatch(/<h3 id="g-1\.2\.246\.562\.99\.00000000201">Åbolands skolor<\/h3>/);
    expect(html).toContain(
      '<span class="disco-name">Ähtärin lukio</span><span class="disco-title"> (Ähtärin kaupunki)</span>',
    );
    expect(html).toContain('name="choice" value="4000101~91002"');
    expect(html).toContain('<form method="post" action="/discovery/choose" class="disco-choose">');
    expect(html).toContain('<img src="/discovery/logos/ahtari.png" alt width="32"');
  });

  it("names each integration's login method when a provider has more than one here, in fi/sv/en", () => {
    const two = createSearchIndex(
      buildEntries(
        [
          testIntegration(
            '4000501',
            PROVIDER_B,
            {},
            { type: 'wilma', settings: { kind: 'wilma', hostname: 'w.example' } },
          ),
          testIntegration('4000503', PROVIDER_B),
        ],
        createSchoolDirectory(TEST_ORGANISATIONS),
      ),
    );
    const render = (lang: Language) =>
      renderDiscoveryPage({
        lang,
        serviceName: 'S',
        query: '',
        recent: [],
        view: resultsView(two, normaliseQuery(''), lang, new Set()),
        logoUrl: () => undefined,
        formToken: 'test-form-token',
      });
    const entry = (name: string, title: string) =>
      `<span class="disco-name">${name}</span><span class="disco-title"> (${title})</span>`;
    expect(render('fi')).toContain(entry('Kirkkomäen koulu', 'Åbolands skolor, Wilma'));
    expect(render('fi')).toContain(entry('Kirkkomäen koulu', 'Åbolands skolor, Testitunnukset'));
    expect(render('sv')).toContain(entry('Kyrkbackens skola', 'Åbolands skolor, Testkonton'));
    expect(render('en')).toContain(entry('Kirkkomäen koulu', 'Åbolands skolor, Test accounts'));
    // A provider with one integration keeps "name (provider)".
    expect(page()).toContain(entry('Ähtärin lukio', 'Ähtärin kaupunki'));
  });

  it('shows the municipality on a second line, in the page language, inside the button', () => {
    const place = (text: string) =>
      `<span class="disco-place"><span class="visually-hidden">, </span>${text}</span></span></button>`;
    expect(page({ q: 'kimitoön' })).toContain(place('Kemiönsaari'));
    expect(page({ q: 'kimitoön', lang: 'sv' })).toContain(place('Kimitoön'));
    expect(page({ q: 'ahtarin lukio' })).not.toContain('disco-place');
  });

  it('is a real GET search form with a labelled field, and a status region', () => {
    const html = page();
    expect(html).toContain('<form method="get" action="/discovery" class="disco-search">');
    expect(html).toContain('<label for="disco-q">');
    expect(html).toContain('id="disco-q" name="q"');
    expect(html).toMatch(
      /<p id="disco-status" class="disco-status" role="status" aria-live="polite" aria-atomic="true">Löytyi 5 koulua\.<\/p>/,
    );
    expect(html).toContain('<script src="/assets/discovery.js" defer>');
  });

  it('shows search results with a count, and never reflects the query unescaped', () => {
    const html = page({ q: 'lukio"><script>alert(1)</script>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('value="lukio&quot;>&lt;script>alert(1)&lt;/script>"');
    expect(page({ q: 'ahtarin lukio' })).toContain('Löytyi 1 koulu.');
    expect(page({ q: 'zzzz', lang: 'en' })).toContain('No schools found.');
  });

  it('shows remembered choices first with a one-click forget form', () => {
    const html = page({ recent: ['4000201~92001'] });
    expect(html).toContain('<h2 id="disco-recent-h">Viimeksi valitsemasi</h2>');
    expect(html).toContain('<form method="post" action="/discovery/forget"');
    expect(html.indexOf('value="4000201~92001"')).toBeLessThan(html.indexOf('<h2>Kaikki koulut</h2>'));
    expect(page({ recent: ['4000201~92001'], q: 'koulu' })).toContain('– viimeksi valittu');
  });

  it('speaks Swedish and English', () => {
    expect(page({ lang: 'sv' })).toContain('<h1>Välj din skola</h1>');
    expect(page({ lang: 'sv' })).toContain('<h3 id="g-1.2.246.562.99.00000000101">Etseri stad</h3>');
    expect(page({ lang: 'en' })).toContain('<h1>Choose your school</h1>');
    expect(page({ lang: 'en', q: 'a' })).toContain('href="/discovery?q=a&amp;lang=sv"');
  });

  it('says so when no school can log in to the service', () => {
    const view = resultsView(createSearchIndex([]), normaliseQuery(''), 'fi', new Set());
    const html = renderDiscoveryPage({
      lang: 'fi',
      serviceName: 'S',
      query: '',
      recent: [],
      view,
      logoUrl: () => undefined,
      formToken: 'test-form-token',
    });
    expect(html).toContain('Yksikään koulu ei voi kirjautua tähän palveluun.');
    expect(html).not.toContain('name="choice"');
  });

  it('lists education providers instead of every school when the list is long', () => {
    const many = createSearchIndex(
      Array.from({ length: LIST_ALL_LIMIT + 1 }, (_, i) => ({
        key: `i${i}~`,
        integrationId: `i${i}`,
        name: { fi: `Koulu ${i}` },
        group: { id: `g${i % 3}`, name: { fi: `Kunta ${i % 3}` } },
        keywords: [],
      })),
    );
    const view = resultsView(many, normaliseQuery(''), 'fi', new Set());
    expect(view.kind).toBe('providers');
    const html = renderDiscoveryPage({
      lang: 'fi',
      serviceName: 'S',
      query: '',
      recent: [],
      view,
      logoUrl: () => undefined,
      formToken: 'test-form-token',
    });
    expect(html).toContain('<a href="/discovery?q=Kunta+0&amp;lang=fi">Kunta 0</a>');
    expect(html).not.toContain('name="choice"');
  });
});
