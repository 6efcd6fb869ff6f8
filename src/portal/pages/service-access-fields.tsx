import { type Language, pickText } from '../../core/language.ts';
import type { Messages } from '../../i18n/messages.ts';
import type { ServiceSet } from '../../registry/service-set-schema.ts';

/**
 * The edit form's access and service-set fieldsets (docs/portal.md "Services"). Access as in MPASSid: an
 * open service can be used by every education provider that allows it, one by agreement only after the
 * service provider has accepted the provider's request (docs/registry.md "Services by agreement"). The
 * service sets are the organisation's own; the registry schema wants at least one.
 */
export function ServiceAccessFields(props: {
  t: Messages;
  lang: Language;
  access: 'open' | 'agreement';
  chosenSets: string[];
  sets: ServiceSet[];
}) {
  const { t } = props;
  const chosen = new Set(props.chosenSets);
  return (
    <>
      <fieldset>
        <legend>{t['portal.services.access']}</legend>
        {(['open', 'agreement'] as const).map((a) => (
          <div key={a}>
            <input
              id={`edit-access-${a}`}
              type="radio"
              name="access"
              value={a}
              checked={props.access === a}
              aria-describedby={`edit-access-${a}-help`}
            />
            <label for={`edit-access-${a}`}>{t[`portal.services.access.${a}`]}</label>
            <p id={`edit-access-${a}-help`} class="hint">
              {t[`portal.services.access.${a}Help`]}
            </p>
          </div>
        ))}
      </fieldset>
      <fieldset id="edit-sets">
        <legend>{t['portal.services.editSets']}</legend>
        {props.sets.map((s) => (
          <div key={s.id}>
            <input
              id={`edit-set-${s.id}`}
              type="checkbox"
              name="serviceSetIds"
              value={s.id}
              checked={chosen.has(s.id)}
            />
            <label for={`edit-set-${s.id}`}>{pickText(s.name, props.lang) || s.id}</label>
          </div>
        ))}
      </fieldset>
    </>
  );
}
