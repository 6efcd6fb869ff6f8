import type { Language } from '../../core/language.ts';
import type { WeeklySummaryState } from '../commands/weekly-summary-switch.ts';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';

export const weeklySummaryPath = (organisationId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/weekly-summary`;

/** The organisation's weekly summary switch (docs/operations.md "Weekly summary"); the form only for main users. */
export function renderWeeklySummaryPage(input: {
  lang: Language;
  who: WhoBox;
  organisationName: string;
  state: WeeklySummaryState;
  canChange: boolean;
  saved: boolean;
}): string {
  const { state } = input;
  const self = weeklySummaryPath(state.organisationId);
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.summary.switch.title'], selfPath: self, who: input.who },
    (t) => (
      <>
        <h1>
          {t['portal.summary.switch.title']}: {input.organisationName}
        </h1>
        {input.saved ? (
          <div class="notice" role="status">
            <p>{t['portal.summary.switch.saved']}</p>
          </div>
        ) : null}
        <p>{t['portal.summary.switch.intro']}</p>
        <p>
          <strong>{state.on ? t['portal.summary.switch.on'] : t['portal.summary.switch.off']}</strong>
        </p>
        {input.canChange ? (
          <form method="post" action={`${self}?lang=${input.lang}`}>
            <input type="hidden" name="csrf" value={input.who.csrf} />
            <input type="hidden" name="on" value={state.on ? 'false' : 'true'} />
            <button type="submit">
              {state.on ? t['portal.summary.switch.turnOff'] : t['portal.summary.switch.turnOn']}
            </button>
          </form>
        ) : null}
        <h2>{t['portal.summary.switch.unsubscribed']}</h2>
        {state.unsubscribed.length === 0 ? (
          <p>{t['portal.summary.switch.noneUnsubscribed']}</p>
        ) : (
          <ul>
            {state.unsubscribed.map((email) => (
              <li key={email}>{email}</li>
            ))}
          </ul>
        )}
      </>
    ),
  );
}
