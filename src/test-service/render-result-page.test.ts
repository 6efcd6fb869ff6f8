import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../core/language.ts';
import { messages } from '../i18n/messages.ts';
import { COPY_REPORT_SCRIPT_PATH } from './copy-report-script.ts';
import { renderResultPage, type TestResult } from './render-result-page.tsx';

const result: TestResult = {
  protocol: 'saml',
  rows: [
    {
      name: 'nickname',
      samlName: 'urn:oid:2.16.840.1.113730.3.1.241',
      friendlyName: 'displayName',
      oidcClaim: 'nickname',
      values: [],
      status: 'empty',
    },
  ],
  facts: { NameID: '_abc' },
};

describe('renderResultPage: the copyable report', () => {
  it.each(LANGUAGES)('%s: a "Copy report" button in a template, a status region and the script', (lang) => {
    const t = messages(lang);
    const html = renderResultPage(lang, result, 'n0nce');
    // Without JavaScript the report is a read-only textarea, labelled, that can be selected by hand.
    expect(html).toMatch(/<label for="report">[^<]+<\/label>/);
    expect(html).toMatch(
      /<textarea id="report" readonly[^>]*>\{\n {2}&quot;protocol&quot;: &quot;saml&quot;/,
    );
    // The button exists only in a <template> the script puts in place: no dead button without JavaScript.
    expect(html).toContain(
      `<template id="copy-report-template" data-copied="${t['ts.copied']}" data-failed="${t['ts.copyFailed']}">` +
        `<button type="button" id="copy-report">${t['ts.copy']}</button></template>`,
    );
    // The live region is in the page from the start (announcements into a new region are often missed).
    expect(html).toContain('<span id="copy-report-status" role="status" aria-live="polite"></span>');
    expect(html).toContain(`<script src="${COPY_REPORT_SCRIPT_PATH}" nonce="n0nce" defer></script>`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('the three languages have their own texts', () => {
    const texts = LANGUAGES.map((l) => messages(l)['ts.copy']);
    expect(new Set(texts).size).toBe(3);
    expect(texts).toEqual(['Kopioi raportti', 'Kopiera rapporten', 'Copy report']);
  });

  it('without a nonce the script tag carries none', () => {
    expect(renderResultPage('en', result, '')).toContain(`<script src="${COPY_REPORT_SCRIPT_PATH}" defer>`);
  });
});
