import type { ComponentChildren } from 'preact';
import { FORM_TOKEN_FIELD } from '../core/flow/form-token.ts';
import { type Language, pickText } from '../core/language.ts';
import type { Messages } from '../i18n/messages.ts';
import type { DiscoveryEntry } from './discovery-entry.ts';
import type { ResultsView } from './results-view.ts';

export const CHOOSE_PATH = '/discovery/choose';

/** Fills `{name}` placeholders of a catalogue text (plain string replacement, no patterns from input). */
export function fill(text: string, values: Record<string, string | number>): string {
  let out = text;
  for (const [k, v] of Object.entries(values)) out = out.split(`{${k}}`).join(String(v));
  return out;
}

/** The status line announced to screen readers after every search (WCAG 2.1 SC 4.1.3 Status Messages). */
export function statusText(view: ResultsView, t: Messages): string {
  switch (view.kind) {
    case 'empty':
      return t['discovery.none'];
    case 'providers':
      return fill(t['discovery.many'], { n: view.total });
    case 'all':
    case 'search': {
      const found =
        view.total === 0
          ? t['discovery.foundNone']
          : view.total === 1
            ? t['discovery.foundOne']
            : fill(t['discovery.found'], { n: view.total });
      const shown = view.kind === 'search' ? view.hits.length : view.total;
      return shown < view.total ? `${found} ${fill(t['discovery.truncated'], { shown })}` : found;
    }
  }
}

interface ResultsProps {
  view: ResultsView;
  lang: Language;
  t: Messages;
  logoUrl: (file: string) => string | undefined;
  /** This login's form token (form-token.ts), in every choice form. */
  formToken: string;
}

/**
 * The results region: server-rendered for the no-JavaScript page and, the same markup, as the fragment
 * the type-ahead script swaps in. Every choice is a submit button of a POST form.
 */
export function DiscoveryResults(props: ResultsProps) {
  const { view, t } = props;
  return (
    <div id="disco-results" data-status={statusText(view, t)}>
      {view.kind === 'all' ? (
        <ChooseForm lang={props.lang} formToken={props.formToken}>
          <h2>{t['discovery.all']}</h2>
          {view.groups.map((g) => (
            <section key={g.group.id} class="disco-group" aria-labelledby={`g-${g.group.id}`}>
              <h3 id={`g-${g.group.id}`}>{pickText(g.group.name, props.lang)}</h3>
              <EntryList entries={g.entries.map((entry) => ({ entry, remembered: false }))} {...props} />
            </section>
          ))}
        </ChooseForm>
      ) : null}
      {view.kind === 'search' && view.hits.length > 0 ? (
        <ChooseForm lang={props.lang} formToken={props.formToken}>
          <h2>{t['discovery.results']}</h2>
          <EntryList entries={view.hits} {...props} />
        </ChooseForm>
      ) : null}
      {view.kind === 'providers' ? (
        <>
          <h2>{t['discovery.providers']}</h2>
          <ul class="disco-providers">
            {view.groups.map((g) => {
              const name = pickText(g.group.name, props.lang);
              return (
                <li key={g.group.id}>
                  <a href={`/discovery?${new URLSearchParams({ q: name, lang: props.lang })}`}>{name}</a>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function ChooseForm(props: { lang: Language; formToken: string; children: ComponentChildren }) {
  return (
    <form method="post" action={CHOOSE_PATH} class="disco-choose">
      <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
      <input type="hidden" name="lang" value={props.lang} />
      {props.children}
    </form>
  );
}

export function EntryList(
  props: ResultsProps & { entries: { entry: DiscoveryEntry; remembered: boolean }[] },
) {
  return (
    <ul class="disco-list">
      {props.entries.map(({ entry, remembered }) => {
        const name = pickText(entry.name, props.lang);
        const method = entry.method ? pickText(entry.method, props.lang) : '';
        // The login method joins the title in the parentheses ("Koulu (Kaupunki, Wilma)"); it is left
        // out where it would repeat the name or the title (an integration entry named by its display name).
        const title = [entry.title ? pickText(entry.title, props.lang) : '', method]
          .filter((part, i, all) => part !== '' && part !== name && all.indexOf(part) === i)
          .join(', ');
        const place = entry.municipality ? pickText(entry.municipality, props.lang) : '';
        const logo = entry.logo ? props.logoUrl(entry.logo) : undefined;
        return (
          <li key={entry.key}>
            <button type="submit" name="choice" value={entry.key} class="disco-entry">
              {logo ? <img src={logo} alt="" width={32} height={32} /> : null}
              <span>
                <span class="disco-name">{name}</span>
                {title ? <span class="disco-title"> ({title})</span> : null}
                {remembered ? <span class="disco-tag"> – {props.t['discovery.recentTag']}</span> : null}
                {place ? (
                  // A second line with the municipality; the hidden comma keeps the button's name readable.
                  <span class="disco-place">
                    <span class="visually-hidden">, </span>
                    {place}
                  </span>
                ) : null}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
