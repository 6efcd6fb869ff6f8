import type { Language } from '../../core/language.ts';
import type { Messages } from '../../i18n/messages.ts';
import { PERSON_REGISTRIES } from '../../registry/organisation-schema.ts';
import type { OidProposal } from '../commands/decide-join-application.ts';
import { JOIN_KINDS, type JoinField } from '../commands/join-application-schema.ts';
import { JOIN_PATH, JOIN_VERIFY_PATH } from '../commands/submit-join-application.ts';
import type { JoinLinkProblem } from '../commands/verify-join-application.ts';
import type { JoinApplication } from '../store/join-application-store.ts';
import type { TermsVersion } from '../store/terms-store.ts';
import { renderPortalPage } from './portal-layout.tsx';

/** What the applicant typed, kept as typed so an invalid form comes back with its values. */
export type JoinValues = Partial<Record<Exclude<JoinField, 'personRegistries'>, string>> & {
  personRegistries?: string[];
};

const TEXT_FIELDS = ['name', 'street', 'postalCode', 'city', 'businessId'] as const;
const CONTACT_FIELDS = ['contactName', 'contactEmail', 'contactPhone'] as const;
const AUTOCOMPLETE: Record<(typeof TEXT_FIELDS | typeof CONTACT_FIELDS)[number], string> = {
  name: 'organization',
  street: 'street-address',
  postalCode: 'postal-code',
  city: 'address-level2',
  businessId: 'off',
  contactName: 'name',
  contactEmail: 'email',
  contactPhone: 'tel',
};
const MAX: Record<(typeof TEXT_FIELDS | typeof CONTACT_FIELDS)[number], number> = {
  name: 200,
  street: 200,
  postalCode: 5,
  city: 100,
  businessId: 9,
  contactName: 200,
  contactEmail: 254,
  contactPhone: 30,
};
const HELP: Partial<Record<JoinField, 'portal.join.help.businessId' | 'portal.join.help.contactEmail'>> = {
  businessId: 'portal.join.help.businessId',
  contactEmail: 'portal.join.help.contactEmail',
};
/** Where an error summary link lands: the field itself, or a group's first control. */
const anchor = (f: JoinField) =>
  f === 'kind' ? 'kind-education' : f === 'personRegistries' ? `registry-${PERSON_REGISTRIES[0]}` : f;

/** WCAG 2.1 SC 3.3.1: an error summary at the top, each entry a link to its field (GOV.UK pattern). */
function ErrorSummary({ t, errors }: { t: Messages; errors: readonly JoinField[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="notice error" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t['portal.join.errorSummary']}</h2>
      <ul>
        {errors.map((f) => (
          <li key={f}>
            <a href={`#${anchor(f === 'termsVersion' ? 'acceptTerms' : f)}`}>{t[`portal.join.error.${f}`]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldError({ t, field, errors }: { t: Messages; field: JoinField; errors: readonly JoinField[] }) {
  return errors.includes(field) ? (
    <p id={`${field}-error`} class="field-error">
      {t[`portal.join.error.${field}`]}
    </p>
  ) : null;
}

function TextField(props: {
  t: Messages;
  field: (typeof TEXT_FIELDS | typeof CONTACT_FIELDS)[number];
  values: JoinValues;
  errors: readonly JoinField[];
}) {
  const { t, field, values, errors } = props;
  const help = HELP[field];
  const described = [help ? `${field}-help` : '', errors.includes(field) ? `${field}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <label for={field}>{t[`portal.join.field.${field}`]}</label>
      {help ? (
        <p id={`${field}-help`} class="help">
          {t[help]}
        </p>
      ) : null}
      <FieldError t={t} field={field} errors={errors} />
      <input
        id={field}
        name={field}
        type={field === 'contactEmail' ? 'email' : field === 'contactPhone' ? 'tel' : 'text'}
        inputMode={field === 'postalCode' ? 'numeric' : undefined}
        autocomplete={AUTOCOMPLETE[field]}
        required
        maxLength={MAX[field]}
        value={values[field] ?? ''}
        aria-describedby={described || undefined}
        aria-invalid={errors.includes(field) ? 'true' : undefined}
      />
    </>
  );
}

/** Step 1 of joining: the form. Without published terms it says joining is closed. */
export function renderJoinFormPage(input: {
  lang: Language;
  formToken: string;
  terms: TermsVersion | undefined;
  values?: JoinValues;
  errors?: readonly JoinField[];
}): string {
  const values = input.values ?? {};
  const errors = input.errors ?? [];
  const terms = input.terms;
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.join.title'], selfPath: JOIN_PATH },
    (t) => (
      <>
        <h1>{t['portal.join.title']}</h1>
        {!terms ? (
          <div class="notice" role="status">
            <p>{t['portal.join.closed']}</p>
          </div>
        ) : (
          <>
            <p>{t['portal.join.intro']}</p>
            <ErrorSummary t={t} errors={errors} />
            <p class="help">{t['portal.join.required']}</p>
            <form method="post" action={JOIN_PATH} class="stack" noValidate>
              <input type="hidden" name="form" value={input.formToken} />
              <input type="hidden" name="step" value="details" />
              <input type="hidden" name="language" value={input.lang} />
              <input type="hidden" name="termsVersion" value={String(terms.id)} />
              <h2>{t['portal.join.section.organisation']}</h2>
              <fieldset aria-describedby={errors.includes('kind') ? 'kind-error' : undefined}>
                <legend>{t['portal.join.field.kind']}</legend>
                <FieldError t={t} field="kind" errors={errors} />
                {JOIN_KINDS.map((k) => (
                  <div key={k}>
                    <input
                      type="radio"
                      id={`kind-${k}`}
                      name="kind"
                      value={k}
                      checked={values.kind === k}
                      required
                    />{' '}
                    <label for={`kind-${k}`}>{t[`portal.join.kind.${k}`]}</label>
                  </div>
                ))}
              </fieldset>
              {TEXT_FIELDS.map((f) => (
                <TextField key={f} t={t} field={f} values={values} errors={errors} />
              ))}
              <fieldset
                aria-describedby={[
                  'personRegistries-help',
                  errors.includes('personRegistries') ? 'personRegistries-error' : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
              >
                <legend>{t['portal.join.field.personRegistries']}</legend>
                <p id="personRegistries-help" class="help">
                  {t['portal.join.help.personRegistries']}
                </p>
                <FieldError t={t} field="personRegistries" errors={errors} />
                {PERSON_REGISTRIES.map((r) => (
                  <div key={r}>
                    <input
                      type="checkbox"
                      id={`registry-${r}`}
                      name="personRegistries"
                      value={r}
                      checked={values.personRegistries?.includes(r)}
                    />{' '}
                    <label for={`registry-${r}`}>{t[`portal.join.registry.${r}`]}</label>
                  </div>
                ))}
              </fieldset>
              <h2>{t['portal.join.section.contact']}</h2>
              {CONTACT_FIELDS.map((f) => (
                <TextField key={f} t={t} field={f} values={values} errors={errors} />
              ))}
              <h2>{t['portal.join.section.terms']}</h2>
              <details>
                <summary>{t['portal.join.terms.show'].replace('{version}', String(terms.id))}</summary>
                <div class="terms-text">
                  {terms.text[input.lang].split(/\n{2,}/).map((p, i) => (
                    <p key={i}>{p}</p>
                  ))}
                </div>
              </details>
              <FieldError t={t} field="acceptTerms" errors={errors} />
              <FieldError t={t} field="termsVersion" errors={errors} />
              <div>
                <input
                  type="checkbox"
                  id="acceptTerms"
                  name="acceptTerms"
                  value="yes"
                  required
                  checked={values.acceptTerms === 'yes'}
                  aria-describedby={
                    errors.includes('acceptTerms')
                      ? 'acceptTerms-error'
                      : errors.includes('termsVersion')
                        ? 'termsVersion-error'
                        : undefined
                  }
                  aria-invalid={errors.includes('acceptTerms') ? 'true' : undefined}
                />{' '}
                <label for="acceptTerms">{t['portal.join.field.acceptTerms']}</label>
              </div>
              <button type="submit">{t['portal.join.next']}</button>
            </form>
          </>
        )}
      </>
    ),
  );
}

/** Hidden copies of the validated fields: the confirm step posts them again (no JavaScript, no session). */
function Carried({ values }: { values: JoinValues }) {
  return (
    <>
      {Object.entries(values).flatMap(([k, v]) =>
        k === 'organisationOid'
          ? []
          : Array.isArray(v)
            ? v.map((x) => <input key={`${k}-${x}`} type="hidden" name={k} value={x} />)
            : [<input key={k} type="hidden" name={k} value={v ?? ''} />],
      )}
    </>
  );
}

/** Step 2: what was entered, and Passi's proposals of the OPH organisation to confirm (or none). */
export function renderJoinConfirmPage(input: {
  lang: Language;
  formToken: string;
  values: JoinValues;
  proposals: readonly OidProposal[];
  errors?: readonly JoinField[];
}): string {
  const v = input.values;
  const errors = input.errors ?? [];
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.join.confirm.title'], selfPath: JOIN_PATH },
    (t) => (
      <>
        <h1>{t['portal.join.confirm.title']}</h1>
        <ErrorSummary t={t} errors={errors} />
        <h2>{t['portal.join.confirm.summary']}</h2>
        <dl>
          <dt>{t['portal.join.field.kind']}</dt>
          <dd>
            {v.kind && (JOIN_KINDS as readonly string[]).includes(v.kind)
              ? t[`portal.join.kind.${v.kind as 'both'}`]
              : ''}
          </dd>
          {[...TEXT_FIELDS, ...CONTACT_FIELDS].map((f) => [
            <dt key={`${f}-t`}>{t[`portal.join.field.${f}`]}</dt>,
            <dd key={`${f}-d`}>{v[f]}</dd>,
          ])}
          {v.kind !== 'service' ? (
            <>
              <dt>{t['portal.join.field.personRegistries']}</dt>
              <dd>
                {PERSON_REGISTRIES.filter((r) => v.personRegistries?.includes(r))
                  .map((r) => t[`portal.join.registry.${r}`])
                  .join(', ')}
              </dd>
            </>
          ) : null}
        </dl>
        <form method="post" action={JOIN_PATH} class="stack" noValidate>
          <input type="hidden" name="form" value={input.formToken} />
          <input type="hidden" name="step" value="confirm" />
          <input type="hidden" name="language" value={input.lang} />
          <Carried values={v} />
          <fieldset aria-describedby="oid-help">
            <legend>{t['portal.join.confirm.oid']}</legend>
            <p id="oid-help" class="help">
              {input.proposals.length > 0
                ? t['portal.join.confirm.oidHelp']
                : t['portal.join.confirm.nothingFound']}
            </p>
            <FieldError t={t} field="organisationOid" errors={errors} />
            {input.proposals.map((p, i) => (
              <div key={p.oid}>
                <input
                  type="radio"
                  id={i === 0 ? 'organisationOid' : `oid-${p.oid}`}
                  name="organisationOid"
                  value={p.oid}
                  checked={i === 0}
                  aria-describedby={`schools-${i}`}
                />{' '}
                <label for={i === 0 ? 'organisationOid' : `oid-${p.oid}`}>
                  {p.name} ({p.oid})
                </label>
                <div id={`schools-${i}`} class="help">
                  {t['portal.join.confirm.schools']}:{' '}
                  {p.schools.length > 0
                    ? p.schools.map((s) => (s.schoolCode ? `${s.name} (${s.schoolCode})` : s.name)).join(', ')
                    : t['portal.join.confirm.noSchools']}
                </div>
              </div>
            ))}
            <div>
              <input
                type="radio"
                id={input.proposals.length === 0 ? 'organisationOid' : 'oid-none'}
                name="organisationOid"
                value="none"
                checked={input.proposals.length === 0}
              />{' '}
              <label for={input.proposals.length === 0 ? 'organisationOid' : 'oid-none'}>
                {t['portal.join.confirm.none']}
              </label>
            </div>
          </fieldset>
          <button type="submit">{t['portal.join.confirm.send']}</button>
          <button type="submit" name="step" value="edit" class="secondary">
            {t['portal.join.confirm.edit']}
          </button>
        </form>
      </>
    ),
  );
}

export function renderJoinSentPage(input: { lang: Language; email: string; statusLink: string }): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.join.sent.title'], selfPath: JOIN_PATH },
    (t) => (
      <>
        <h1>{t['portal.join.sent.title']}</h1>
        <div class="notice" role="status">
          <p>{t['portal.join.sent.text'].replace('{email}', input.email)}</p>
        </div>
        <p>{t['portal.join.sent.statusHelp']}</p>
        <p>
          <a href={input.statusLink}>{t['portal.join.sent.status']}</a>
        </p>
      </>
    ),
  );
}

/** The verification link's page: a button (POST), or why the link cannot be used. */
export function renderJoinVerifyPage(input: {
  lang: Language;
  formToken: string;
  token: string;
  opened: { ok: true; application: JoinApplication } | { ok: false; problem: JoinLinkProblem };
  done?: boolean;
}): string {
  const { opened } = input;
  const selfPath = `${JOIN_VERIFY_PATH}?token=${encodeURIComponent(input.token)}`;
  if (!opened.ok) {
    return renderPortalPage(
      { lang: input.lang, title: (t) => t['portal.join.link.title'], selfPath },
      (t) => (
        <>
          <h1>{t['portal.join.link.title']}</h1>
          <div class="notice error" role="alert">
            <p>{t[`portal.join.link.${opened.problem}`]}</p>
          </div>
          <p>
            <a href={JOIN_PATH}>{t['portal.join.title']}</a>
          </p>
        </>
      ),
    );
  }
  if (input.done) {
    return renderPortalPage(
      { lang: input.lang, title: (t) => t['portal.join.verified.title'], selfPath },
      (t) => (
        <>
          <h1>{t['portal.join.verified.title']}</h1>
          <div class="notice" role="status">
            <p>{t['portal.join.verified.text']}</p>
          </div>
        </>
      ),
    );
  }
  const d = opened.application.details;
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.join.verify.title'], selfPath },
    (t) => (
      <>
        <h1>{t['portal.join.verify.title']}</h1>
        <p>{t['portal.join.verify.text'].replace('{email}', d.contactEmail).replace('{name}', d.name)}</p>
        <form method="post" action={JOIN_VERIFY_PATH}>
          <input type="hidden" name="form" value={input.formToken} />
          <input type="hidden" name="token" value={input.token} />
          <button type="submit">{t['portal.join.verify.button']}</button>
        </form>
      </>
    ),
  );
}

/** The applicant's status page: received → e-mail verified → approved / rejected (with the reason). */
export function renderJoinStatusPage(input: {
  lang: Language;
  token: string;
  application: JoinApplication | undefined;
}): string {
  const a = input.application;
  const selfPath = `/portal/join/status?token=${encodeURIComponent(input.token)}`;
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.join.status.title'], selfPath },
    (t) => {
      if (!a)
        return (
          <>
            <h1>{t['portal.join.status.title']}</h1>
            <div class="notice error" role="alert">
              <p>{t['portal.join.status.unknown']}</p>
            </div>
          </>
        );
      const verified = a.status !== 'received';
      const decided = a.status === 'approved' || a.status === 'rejected';
      const step = (label: string, done: boolean) => (
        <li>
          {label}: <strong>{done ? t['portal.join.status.done'] : t['portal.join.status.pending']}</strong>
        </li>
      );
      return (
        <>
          <h1>{t['portal.join.status.title']}</h1>
          <p>
            <strong>{a.details.name}</strong> ({a.details.businessId})
          </p>
          <div class={a.status === 'rejected' ? 'notice error' : 'notice'} role="status">
            <p class="join-status">
              {t['portal.join.status.current'].replace('{status}', t[`portal.join.status.${a.status}`])}
            </p>
            {a.status === 'rejected' && a.rejectReason ? (
              <p>{t['portal.join.status.reason'].replace('{reason}', a.rejectReason)}</p>
            ) : null}
            {a.status === 'approved' ? <p>{t['portal.join.status.approvedHelp']}</p> : null}
          </div>
          <h2>{t['portal.join.status.steps']}</h2>
          <ol>
            {step(t['portal.join.status.received'], true)}
            {step(t['portal.join.status.verified'], verified)}
            {step(
              decided ? t[`portal.join.status.${a.status as 'approved'}`] : t['portal.join.status.decision'],
              decided,
            )}
          </ol>
        </>
      );
    },
  );
}
