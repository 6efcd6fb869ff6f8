import { type Language, pickText } from '../../../core/language.ts';
import type { MessageKey, Messages } from '../../../i18n/messages.ts';
import { INTERNAL_NAMES } from '../../../model/attribute-mapping.ts';
import { MAX_METADATA_BYTES } from '../../../protocols/saml/read-idp-metadata.ts';
import type { IntegrationChoices } from '../../commands/integrations/integration-choices.ts';
import type { WizardType } from '../../commands/integrations/integration-input.ts';
import type { IntegrationIssue } from '../../commands/integrations/integration-issues.ts';
import { FileField, METADATA_FILE_ACCEPT, sizeText } from '../file-field.tsx';
import {
  type FormValues,
  METADATA_FILE_FIELD,
  many,
  OTHER_FIELDS,
  one,
  TYPE_FIELDS,
} from './integration-form-values.ts';
import { IntegrationOtherSettings, otherSettingLabel } from './integration-other-settings.tsx';
import { fieldId } from './integration-paths.ts';

const FIELD_LABELS: Record<string, MessageKey> = {
  'settings.metadataUrl': 'portal.integration.field.metadataUrl',
  'settings.metadataXml': 'portal.integration.field.metadataXml',
  [METADATA_FILE_FIELD]: 'portal.integration.field.metadataFile',
  'settings.entityId': 'portal.integration.field.entityId',
  'settings.tenantId': 'portal.integration.field.tenantId',
  'settings.clientId': 'portal.integration.field.clientId',
  'secrets.clientSecret': 'portal.integration.field.clientSecret',
  'settings.issuer': 'portal.integration.field.issuer',
  'settings.scopes': 'portal.integration.field.scopes',
  'settings.hostname': 'portal.integration.field.hostname',
  'settings.baseUrl': 'portal.integration.field.baseUrl',
  'secrets.sharedSecret': 'portal.integration.field.sharedSecret',
  'settings.organisationDomain': 'portal.integration.field.organisationDomain',
  'settings.bindDn': 'portal.integration.field.bindDn',
  'secrets.clientKey': 'portal.integration.field.clientKey',
  'settings.apiBaseUrl': 'portal.integration.field.apiBaseUrl',
  flowName: 'portal.integration.flowName',
  allowedServices: 'portal.integration.allowedServices',
  'discovery.schools': 'portal.integration.schools',
  'discovery.excludedSchools': 'portal.integration.excludedSchools',
  'discovery.institutionTypes': 'portal.integration.institutionTypes',
};

const fill = (text: string, detail: string | undefined) => text.replace('{detail}', detail ?? '');

/** The label of a field an issue names (a path inside a field falls back to its nearest labelled parent). */
export function fieldLabel(t: Messages, path: string): string {
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const key = FIELD_LABELS[p];
    if (key) return t[key];
    const other = otherSettingLabel(t, p);
    if (other) return other;
    if (p.startsWith('mapping.')) return `${t['portal.integration.mapping']}: ${p.slice('mapping.'.length)}`;
    if (p.startsWith('discovery.displayName.')) return fill(t['portal.integration.displayName'], p.slice(-2));
    if (p.startsWith('discovery.title.')) return fill(t['portal.integration.titleField'], p.slice(-2));
  }
  return path;
}

/** The text school IT reads for an issue, in their language. */
export function issueText(t: Messages, issue: IntegrationIssue): string {
  const key: MessageKey = `portal.integration.issue.${issue.code}`;
  return fill(
    t[key],
    issue.detail ?? (issue.code === 'invalid' || issue.code === 'metadata-invalid' ? issue.message : ''),
  );
}

/** Where the error summary links to: the field, or the first field of a group. */
function targetOf(path: string, fields: ReadonlySet<string>): string {
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    if (fields.has(p)) return fieldId(p);
  }
  return fieldId(path);
}

export interface IntegrationFormProps {
  t: Messages;
  lang: Language;
  type: WizardType;
  action: string;
  csrf: string;
  values: FormValues;
  issues: readonly IntegrationIssue[];
  choices: IntegrationChoices;
  /** The edit form: the revision it was read at, and which secrets are set. */
  revision?: number;
  secretsSet?: readonly string[];
  submitLabel: string;
}

/**
 * Step 2 and the rest of an integration's settings as one plain form (works without JavaScript): the
 * type's fields, attribute names, discovery information and allowed services. Errors are listed in a
 * summary at the top, each linked to its field, and repeated at the field (WCAG 2.1 SC 3.3.1, 3.3.3).
 */
export function IntegrationForm(props: IntegrationFormProps) {
  const { t, values, issues } = props;
  const takesMetadataFile = TYPE_FIELDS[props.type].some((f) => f.kind === 'xml');
  const fields = new Set([
    ...TYPE_FIELDS[props.type].map((f) => f.name),
    ...OTHER_FIELDS[props.type].map((f) => f.name),
    ...(takesMetadataFile ? [METADATA_FILE_FIELD] : []),
    'flowName',
    'allowedServices',
    'discovery.schools',
    'discovery.excludedSchools',
    'discovery.institutionTypes',
    ...INTERNAL_NAMES.map((n) => `mapping.${n}`),
    ...['fi', 'sv', 'en'].flatMap((l) => [`discovery.displayName.${l}`, `discovery.title.${l}`]),
  ]);
  const issuesAt = (name: string) => issues.filter((i) => targetOf(i.path, fields) === fieldId(name));
  const errorId = (name: string) => `${fieldId(name)}-error`;
  const FieldError = (p: { name: string }) => {
    const found = issuesAt(p.name);
    return found.length > 0 ? (
      <p id={errorId(p.name)} class="field-error">
        {found.map((i) => issueText(t, i)).join(' ')}
      </p>
    ) : null;
  };
  const errorOf = (name: string) => {
    const found = issuesAt(name);
    return found.length > 0 ? found.map((i) => issueText(t, i)).join(' ') : undefined;
  };
  const invalid = (name: string) => (issuesAt(name).length > 0 ? 'true' : undefined);
  const describedBy = (name: string, hint?: string) =>
    [issuesAt(name).length > 0 ? errorId(name) : undefined, hint].filter((x) => x !== undefined).join(' ') ||
    undefined;
  const TextField = (p: { name: string; label: string; type?: string; hint?: string; lang?: string }) => (
    <div class="field">
      <label for={fieldId(p.name)}>{p.label}</label>
      {p.hint ? (
        <p class="help" id={`${fieldId(p.name)}-hint`}>
          {p.hint}
        </p>
      ) : null}
      <FieldError name={p.name} />
      <input
        id={fieldId(p.name)}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? '' : one(values, p.name)}
        autocomplete="off"
        spellcheck={false}
        lang={p.lang}
        aria-invalid={invalid(p.name)}
        aria-describedby={describedBy(p.name, p.hint ? `${fieldId(p.name)}-hint` : undefined)}
      />
    </div>
  );
  const schoolName = (s: IntegrationChoices['schools'][number]) =>
    `${pickText(s.name, props.lang) || s.id} (${s.id})`;
  const SchoolList = (p: { name: string; label: string }) => (
    <fieldset class="stack">
      <legend id={fieldId(p.name)} tabIndex={-1}>
        {p.label}
      </legend>
      <FieldError name={p.name} />
      {props.choices.schools.length === 0 ? <p>{t['portal.integration.noSchools']}</p> : null}
      {props.choices.schools.map((s) => (
        <label class="checkbox" key={s.id}>
          <input type="checkbox" name={p.name} value={s.id} checked={many(values, p.name).includes(s.id)} />{' '}
          {schoolName(s)}
        </label>
      ))}
    </fieldset>
  );

  return (
    <form
      method="post"
      action={props.action}
      class="stack"
      novalidate
      enctype={takesMetadataFile ? 'multipart/form-data' : undefined}
    >
      {issues.length > 0 ? (
        <div
          class="notice error"
          role="alert"
          aria-labelledby="integration-errors-title"
          tabIndex={-1}
          id="error-summary"
        >
          <p id="integration-errors-title">{t['portal.integration.errorSummary']}</p>
          <ul>
            {issues.map((i) => (
              <li key={`${i.path}-${i.code}`}>
                <a href={`#${targetOf(i.path, fields)}`}>
                  {fieldLabel(t, i.path)}: {issueText(t, i)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <input type="hidden" name="csrf" value={props.csrf} />
      {props.revision !== undefined ? (
        <input type="hidden" name="revision" value={String(props.revision)} />
      ) : null}
      <section aria-labelledby="step2-heading">
        <h2 id="step2-heading">{t['portal.integration.step2']}</h2>
        <p>{t['portal.integration.step2Intro']}</p>
        <TextField
          name="flowName"
          label={t['portal.integration.flowName']}
          hint={t['portal.integration.flowNameHint']}
        />
        {TYPE_FIELDS[props.type].map((f) => {
          const label = fieldLabel(t, f.name);
          if (f.kind === 'xml') {
            return (
              <div class="field" key={f.name}>
                <label for={fieldId(f.name)}>{label}</label>
                <FieldError name={f.name} />
                <textarea
                  id={fieldId(f.name)}
                  name={f.name}
                  rows={6}
                  spellcheck={false}
                  aria-invalid={invalid(f.name)}
                  aria-describedby={describedBy(f.name)}
                >
                  {one(values, f.name)}
                </textarea>
                <FileField
                  id={fieldId(METADATA_FILE_FIELD)}
                  name={METADATA_FILE_FIELD}
                  label={t['portal.upload.metadataFile']}
                  hint={t['portal.upload.metadataHint'].replace('{size}', sizeText(MAX_METADATA_BYTES))}
                  accept={METADATA_FILE_ACCEPT}
                  error={errorOf(METADATA_FILE_FIELD)}
                />
              </div>
            );
          }
          const secretName = f.name.slice('secrets.'.length);
          const kept = f.kind === 'secret' && props.secretsSet?.includes(secretName);
          return (
            <TextField
              key={f.name}
              name={f.name}
              label={label}
              type={f.kind === 'secret' ? 'password' : f.kind === 'url' ? 'url' : 'text'}
              {...(kept ? { hint: t['portal.integration.secretKept'] } : {})}
            />
          );
        })}
      </section>
      <section aria-labelledby="mapping-heading">
        <h2 id="mapping-heading">{t['portal.integration.mapping']}</h2>
        <p>{t['portal.integration.mappingIntro']}</p>
        {INTERNAL_NAMES.map((n) => (
          <TextField key={n} name={`mapping.${n}`} label={`${t[`portal.readiness.use.${n}`]} (${n})`} />
        ))}
      </section>
      <section aria-labelledby="discovery-heading">
        <h2 id="discovery-heading">{t['portal.integration.discovery']}</h2>
        {(['fi', 'sv', 'en'] as const).map((l) => (
          <TextField
            key={`d-${l}`}
            name={`discovery.displayName.${l}`}
            label={fill(t['portal.integration.displayName'], l)}
            lang={l}
          />
        ))}
        {(['fi', 'sv', 'en'] as const).map((l) => (
          <TextField
            key={`t-${l}`}
            name={`discovery.title.${l}`}
            label={fill(t['portal.integration.titleField'], l)}
            lang={l}
          />
        ))}
        <label class="checkbox">
          <input
            type="checkbox"
            name="discovery.showSchools"
            value="true"
            checked={one(values, 'discovery.showSchools') === 'true'}
          />{' '}
          {t['portal.integration.showSchools']}
        </label>
        <SchoolList name="discovery.schools" label={t['portal.integration.schools']} />
        <SchoolList name="discovery.excludedSchools" label={t['portal.integration.excludedSchools']} />
        <TextField name="discovery.institutionTypes" label={t['portal.integration.institutionTypes']} />
      </section>
      <fieldset class="stack">
        <legend id={fieldId('allowedServices')} tabIndex={-1}>
          {t['portal.integration.allowedServices']}
        </legend>
        <FieldError name="allowedServices" />
        <label class="checkbox">
          <input
            type="radio"
            name="allowedServicesMode"
            value="all"
            checked={one(values, 'allowedServicesMode') !== 'selected'}
          />{' '}
          {t['portal.integration.allServices']}
        </label>
        <label class="checkbox">
          <input
            type="radio"
            name="allowedServicesMode"
            value="selected"
            checked={one(values, 'allowedServicesMode') === 'selected'}
          />{' '}
          {t['portal.integration.selectedServices']}
        </label>
        {props.choices.serviceSets.length === 0 ? <p>{t['portal.integration.noServiceSets']}</p> : null}
        {props.choices.serviceSets.map((s) => (
          <label class="checkbox" key={s.id}>
            <input
              type="checkbox"
              name="allowedServices"
              value={s.id}
              checked={many(values, 'allowedServices').includes(s.id)}
            />{' '}
            {pickText(s.name, props.lang) || s.id} – {pickText(s.providerName, props.lang)}
          </label>
        ))}
      </fieldset>
      <IntegrationOtherSettings t={t} type={props.type} values={values} errorOf={errorOf} />
      <button type="submit">{props.submitLabel}</button>
    </form>
  );
}
