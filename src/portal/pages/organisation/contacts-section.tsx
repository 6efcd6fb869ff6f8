import type { Messages } from '../../../i18n/messages.ts';
import { CONTACT_KINDS, type ContactKind } from '../../../registry/organisation-schema.ts';
import type { ContactInput } from '../../commands/save-contacts.ts';

/** A field of the contacts form that failed, by its element id (`contact-2-email`). */
export interface ContactFieldError {
  id: string;
  field: 'name' | 'email' | 'phone' | 'kind' | 'technical';
}

/** Blank rows offered after the existing contacts, so a contact can be added without JavaScript. */
const NEW_ROWS = 1;

/** Contacts grouped by kind, and for main users and operators the form that replaces them. */
export function ContactsSection(props: {
  t: Messages;
  organisationId: string;
  contacts: ContactInput[];
  canEdit: boolean;
  csrf: string;
  /** What was posted, shown again with the errors. */
  draft?: ContactInput[];
  errors?: ContactFieldError[];
}) {
  const { t } = props;
  const rows: (ContactInput | undefined)[] = [...(props.draft ?? props.contacts)];
  for (let i = 0; i < NEW_ROWS; i++) rows.push(undefined);
  const errorOf = (id: string) => props.errors?.find((e) => e.id === id);
  const technicalMissing = props.errors?.some((e) => e.field === 'technical');
  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t['portal.org.contacts']}</h2>
      {CONTACT_KINDS.map((kind) => {
        const ofKind = props.contacts.filter((c) => c.kind === kind);
        return (
          <div key={kind} class="contact-kind">
            <h3>{t[`portal.org.contactKind.${kind}`]}</h3>
            {ofKind.length === 0 ? (
              <p>{t['portal.org.noContacts']}</p>
            ) : (
              <ul>
                {ofKind.map((c) => (
                  <li key={`${c.email}-${c.name}`}>
                    {c.name}, <a href={`mailto:${c.email}`}>{c.email}</a>
                    {c.phone ? `, ${c.phone}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
      {props.canEdit ? (
        <form
          method="post"
          action={`/portal/organisation/${props.organisationId}/contacts`}
          id="contacts-form"
        >
          <h3>{t['portal.org.editContacts']}</h3>
          <p class="help">{t['portal.org.editContactsHelp']}</p>
          {props.errors?.length ? (
            <div class="notice error" role="alert" aria-labelledby="contacts-errors-title" tabIndex={-1}>
              <p id="contacts-errors-title">{t['portal.org.fixErrors']}</p>
              <ul>
                {props.errors.map((e) => (
                  <li key={e.id}>
                    <a href={`#${e.id}`}>{t[`portal.org.contactError.${e.field}`]}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <input type="hidden" name="csrf" value={props.csrf} />
          {rows.map((c, i) => {
            const id = (f: string) => `contact-${i}-${f}`;
            const described = (f: string) => (errorOf(id(f)) ? `${id(f)}-error` : undefined);
            const fieldError = (f: 'name' | 'email' | 'phone') =>
              errorOf(id(f)) ? (
                <p id={`${id(f)}-error`} class="field-error">
                  {t[`portal.org.contactError.${f}`]}
                </p>
              ) : null;
            const legend = c ? `${t['portal.org.contact']} ${i + 1}` : t['portal.org.newContact'];
            return (
              <fieldset key={id('row')} class="stack contact-row">
                <legend>{legend}</legend>
                <label for={id('kind')}>{t['portal.org.contactKind']}</label>
                <select
                  id={id('kind')}
                  name={`kind-${i}`}
                  aria-describedby={technicalMissing ? 'technical-error' : undefined}
                >
                  {CONTACT_KINDS.map((k: ContactKind) => (
                    <option key={k} value={k} selected={(c?.kind ?? 'technical') === k}>
                      {t[`portal.org.contactKind.${k}`]}
                    </option>
                  ))}
                </select>
                <label for={id('name')}>{t['portal.org.contactName']}</label>
                {fieldError('name')}
                <input
                  id={id('name')}
                  name={`name-${i}`}
                  type="text"
                  autocomplete="off"
                  maxLength={200}
                  value={c?.name ?? ''}
                  aria-invalid={errorOf(id('name')) ? 'true' : undefined}
                  aria-describedby={described('name')}
                />
                <label for={id('email')}>{t['portal.org.contactEmail']}</label>
                {fieldError('email')}
                <input
                  id={id('email')}
                  name={`email-${i}`}
                  type="email"
                  autocomplete="off"
                  maxLength={254}
                  value={c?.email ?? ''}
                  aria-invalid={errorOf(id('email')) ? 'true' : undefined}
                  aria-describedby={described('email')}
                />
                <label for={id('phone')}>{t['portal.org.contactPhone']}</label>
                {fieldError('phone')}
                <input
                  id={id('phone')}
                  name={`phone-${i}`}
                  type="tel"
                  autocomplete="off"
                  maxLength={40}
                  value={c?.phone ?? ''}
                  aria-invalid={errorOf(id('phone')) ? 'true' : undefined}
                  aria-describedby={described('phone')}
                />
                {c ? (
                  <label class="checkbox">
                    <input type="checkbox" name={`remove-${i}`} value="1" /> {t['portal.org.removeContact']}
                  </label>
                ) : null}
              </fieldset>
            );
          })}
          {technicalMissing ? (
            <p id="technical-error" class="field-error">
              {t['portal.org.contactError.technical']}
            </p>
          ) : null}
          <button type="submit">{t['portal.org.saveContacts']}</button>
        </form>
      ) : null}
    </section>
  );
}
