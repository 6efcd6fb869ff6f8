import type { Language } from '../../core/language.ts';
import { PERSON_REGISTRIES, type PersonRegistry } from '../../registry/organisation-schema.ts';
import type { OrganisationReadiness } from '../commands/readiness.ts';
import type { ReadinessChecklist } from '../domain/readiness-checklist.ts';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';

export function readinessPath(organisationId: string): string {
  return `/portal/organisation/${encodeURIComponent(organisationId)}/readiness`;
}

/**
 * What the organisation's person registry must hold (docs/portal.md "Readiness checklist"): one table per
 * registry, the registry chooser as a plain GET form (no JavaScript). Tables have a caption and header
 * cells with `scope` (WCAG 2.1 SC 1.3.1).
 */
export function renderReadinessPage(input: {
  lang: Language;
  who: WhoBox;
  organisationName: string;
  readiness: OrganisationReadiness;
  chosen?: PersonRegistry;
  /** The integration guide's address per registry, where there is one. */
  docLinks: Partial<Record<PersonRegistry, string>>;
}): string {
  const { readiness } = input;
  const self = readinessPath(readiness.organisationId);
  return renderPortalPage(
    {
      lang: input.lang,
      title: (t) => t['portal.readiness.title'],
      selfPath: input.chosen ? `${self}?registry=${input.chosen}` : self,
      who: input.who,
    },
    (t) => (
      <>
        <h1>{t['portal.readiness.title']}</h1>
        <p class="organisation-name">{input.organisationName}</p>
        <p>{t['portal.readiness.intro']}</p>
        {readiness.personRegistries.length > 0 ? (
          <p>
            {t['portal.readiness.used']}:{' '}
            {readiness.personRegistries.map((r) => t[`portal.readiness.registry.${r}`]).join(', ')}
          </p>
        ) : (
          <p>{t['portal.readiness.noneUsed']}</p>
        )}
        <form method="get" action={self} class="registry-choice">
          <input type="hidden" name="lang" value={input.lang} />
          <label for="registry">{t['portal.readiness.choose']}</label>{' '}
          <select id="registry" name="registry">
            {PERSON_REGISTRIES.map((r) => (
              <option key={r} value={r} selected={r === input.chosen}>
                {t[`portal.readiness.registry.${r}`]}
              </option>
            ))}
          </select>{' '}
          <button type="submit">{t['portal.readiness.chooseButton']}</button>
        </form>
        {readiness.checklists.map((c) => (
          <ChecklistTable key={c.registry} checklist={c} doc={input.docLinks[c.registry]} t={t} />
        ))}
      </>
    ),
  );
}

function ChecklistTable(props: {
  checklist: ReadinessChecklist;
  doc: string | undefined;
  t: import('../../i18n/messages.ts').Messages;
}) {
  const { checklist, t } = props;
  const name = t[`portal.readiness.registry.${checklist.registry}`];
  const headingId = `checklist-${checklist.registry}`;
  return (
    <section aria-labelledby={headingId} class="checklist">
      <h2 id={headingId}>{name}</h2>
      {props.doc ? (
        <p>
          <a href={props.doc}>
            {t['portal.readiness.doc']}: {name}
          </a>
        </p>
      ) : null}
      <table>
        <caption>
          {t['portal.readiness.caption']}: {name}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t['portal.readiness.col.field']}</th>
            <th scope="col">{t['portal.readiness.col.need']}</th>
            <th scope="col">{t['portal.readiness.col.use']}</th>
            <th scope="col">{t['portal.readiness.col.feeds']}</th>
            <th scope="col">{t['portal.readiness.col.missing']}</th>
          </tr>
        </thead>
        <tbody>
          {checklist.items.map((item) => (
            <tr key={item.internalName} data-field={item.internalName}>
              <th scope="row">
                <code>{item.fieldName}</code>
              </th>
              <td class={`need-${item.need}`}>{t[`portal.readiness.need.${item.need}`]}</td>
              <td>{t[`portal.readiness.use.${item.internalName}`]}</td>
              <td>
                {item.feeds.map((f, i) => (
                  <span key={f}>
                    {i > 0 ? ', ' : ''}
                    <code>{f}</code>
                  </span>
                ))}
              </td>
              <td>
                {t[`portal.readiness.effect.${item.whenMissing}`]}
                {item.problem ? (
                  <>
                    {' '}
                    (<code>{item.problem}</code>)
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
