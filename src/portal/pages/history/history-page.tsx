import type { ValidationIssue } from '../../../core/errors.ts';
import type { Language } from '../../../core/language.ts';
import type { Messages } from '../../../i18n/messages.ts';
import type { FieldChange } from '../../../registry/field-changes.ts';
import type { EntityHistory } from '../../commands/registry-history.ts';
import type { HistoryKind } from '../../store/registry-history-store.ts';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';

const PLURAL: Record<HistoryKind, string> = { integration: 'integrations', service: 'services' };

/** `/portal/organisation/{id}/integrations/{integrationId}/history` (or `services/{serviceId}`). */
export const historyPath = (organisationId: string, kind: HistoryKind, entityId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/${PLURAL[kind]}/${encodeURIComponent(entityId)}/history`;

export type HistoryNotice = 'restored' | 'unchanged';

const second = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);

function Change(props: { t: Messages; change: FieldChange }) {
  const c = props.change;
  return 'secret' in c ? (
    <li>
      <code>{c.path}</code>: {props.t['portal.history.secretChanged']}
    </li>
  ) : (
    <li>
      <code>{c.path}</code>: {c.before} → {c.after}
    </li>
  );
}

/**
 * The versions of one integration or service, newest first (docs/portal.md "History"). Each earlier version
 * has a plain form POST "Restore this version" for those who may change it; a refused restore shows its
 * reasons in an alert at the top of the page.
 */
export function renderHistoryPage(input: {
  lang: Language;
  who: WhoBox;
  name: string;
  history: EntityHistory;
  canRestore: boolean;
  notice?: HistoryNotice;
  invalid?: readonly ValidationIssue[];
}): string {
  const { history } = input;
  const self = historyPath(history.organisationId, history.kind, history.entityId);
  const title = (t: Messages) => t[`portal.history.title.${history.kind}`];
  return renderPortalPage({ lang: input.lang, title, selfPath: self, who: input.who }, (t) => (
    <>
      <h1>
        {title(t)}: {input.name}
      </h1>
      {input.invalid ? (
        <div class="notice error" role="alert" tabIndex={-1} id="restore-refused">
          <p>{t['portal.history.invalid']}</p>
          <ul>
            {input.invalid.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path ? <code>{i.path}</code> : null}
                {i.path ? ': ' : ''}
                {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {input.notice ? (
        <div class="notice" role="status">
          <p>{t[`portal.history.${input.notice}`]}</p>
        </div>
      ) : null}
      <p>{t['portal.history.intro']}</p>
      {input.canRestore ? <p>{t['portal.history.restoreHelp']}</p> : null}
      {history.versions.length === 0 ? (
        <p>{t['portal.history.none']}</p>
      ) : (
        <table class="audit">
          <caption>{t['portal.history.caption']}</caption>
          <thead>
            <tr>
              <th scope="col">{t['portal.history.col.when']}</th>
              <th scope="col">{t['portal.history.col.who']}</th>
              <th scope="col">{t['portal.history.col.what']}</th>
              <th scope="col">{t['portal.history.col.changes']}</th>
              {input.canRestore ? <th scope="col">{t['portal.history.col.restore']}</th> : null}
            </tr>
          </thead>
          <tbody>
            {history.versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <time dateTime={v.at.toISOString()}>{second(v.at)}</time>
                </td>
                <td>{v.who}</td>
                <td>
                  {t[`portal.history.action.${v.action}`]}
                  {v.current ? ` (${t['portal.history.current']})` : ''}
                </td>
                <td>
                  {v.changes.length ? (
                    <ul class="changes">
                      {v.changes.map((c) => (
                        <Change key={c.path} t={t} change={c} />
                      ))}
                    </ul>
                  ) : (
                    t['portal.history.noChanges']
                  )}
                </td>
                {input.canRestore ? (
                  <td>
                    {v.restorable ? (
                      <form method="post" action={`${self}/${v.id}/restore?lang=${input.lang}`}>
                        <input type="hidden" name="csrf" value={input.who.csrf} />
                        <button type="submit" aria-label={`${t['portal.history.restore']} ${second(v.at)}`}>
                          {t['portal.history.restore']}
                        </button>
                      </form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  ));
}
