import { FORM_TOKEN_FIELD } from '../core/flow/form-token.ts';
import type { Language } from '../core/language.ts';
import { renderPage } from '../http/render/layout.tsx';
import type { DiscoveryEntry } from './discovery-entry.ts';
import { ChooseForm, DiscoveryResults, EntryList, statusText } from './discovery-results.tsx';
import { MAX_QUERY_CHARS } from './normalise.ts';
import type { ResultsView } from './results-view.ts';

export const DISCOVERY_PATH = '/discovery';
export const FORGET_PATH = '/discovery/forget';
export const SCRIPT_PATH = '/assets/discovery.js';

export interface DiscoveryPageInput {
  lang: Language;
  /** The requesting service's name (users see where they are going). */
  serviceName: string;
  serviceLogoUrl?: string;
  /** The search field's text, already bounded (normalise.ts `boundedQuery`); preact escapes it. */
  query: string;
  /** Remembered choices that are among this service's entries, newest first. */
  recent: DiscoveryEntry[];
  view: ResultsView;
  logoUrl: (file: string) => string | undefined;
  /** This login's form token (form-token.ts), in every POST form. */
  formToken: string;
  /** This response's CSP nonce: the page CSP allows scripts by nonce only (http/build-server.ts). */
  nonce?: string;
}

/**
 * The school selection page (docs/discovery.md). Works without JavaScript: the search is
 * a GET form that re-renders the results, every choice a POST button. `/assets/discovery.js` only adds
 * type-ahead. Order for keyboard users: skip link, languages, service, recent choices, search, results.
 */
export function renderDiscoveryPage(input: DiscoveryPageInput): string {
  const selfPath = input.query
    ? `${DISCOVERY_PATH}?${new URLSearchParams({ q: input.query })}`
    : DISCOVERY_PATH;
  return renderPage({ lang: input.lang, title: (t) => t['discovery.title'], selfPath }, (t) => (
    <div class="disco">
      <h1>{t['discovery.title']}</h1>
      <p class="disco-service">
        {input.serviceLogoUrl ? (
          <img src={input.serviceLogoUrl} alt={t['discovery.logoAlt']} height={40} />
        ) : null}
        <span>
          {t['discovery.service']} <strong>{input.serviceName}</strong>
        </span>
      </p>
      <p>{t['discovery.help']}</p>
      {input.recent.length > 0 ? (
        <section class="disco-recent" aria-labelledby="disco-recent-h">
          <h2 id="disco-recent-h">{t['discovery.recent']}</h2>
          <ChooseForm lang={input.lang} formToken={input.formToken}>
            <EntryList
              entries={input.recent.map((entry) => ({ entry, remembered: false }))}
              view={input.view}
              lang={input.lang}
              t={t}
              logoUrl={input.logoUrl}
              formToken={input.formToken}
            />
          </ChooseForm>
          <form method="post" action={FORGET_PATH} class="disco-forget">
            <input type="hidden" name={FORM_TOKEN_FIELD} value={input.formToken} />
            <input type="hidden" name="lang" value={input.lang} />
            <p>
              {t['discovery.forgetHelp']}{' '}
              <button type="submit" class="secondary">
                {t['discovery.forget']}
              </button>
            </p>
          </form>
        </section>
      ) : null}
      <search>
        <form method="get" action={DISCOVERY_PATH} class="disco-search">
          <input type="hidden" name="lang" value={input.lang} />
          <label for="disco-q">{t['discovery.searchLabel']}</label>
          <p id="disco-q-hint" class="disco-hint">
            {t['discovery.searchHint']}
          </p>
          <div class="disco-search-row">
            <input
              type="search"
              id="disco-q"
              name="q"
              value={input.query}
              maxLength={MAX_QUERY_CHARS}
              autocomplete="off"
              spellcheck={false}
              aria-describedby="disco-q-hint"
              aria-controls="disco-results"
            />
            <button type="submit">{t['discovery.searchButton']}</button>
          </div>
        </form>
      </search>
      <p id="disco-status" class="disco-status" role="status" aria-live="polite" aria-atomic="true">
        {statusText(input.view, t)}
      </p>
      <DiscoveryResults
        view={input.view}
        lang={input.lang}
        t={t}
        logoUrl={input.logoUrl}
        formToken={input.formToken}
      />
      <script src={SCRIPT_PATH} nonce={input.nonce || undefined} defer />
    </div>
  ));
}
