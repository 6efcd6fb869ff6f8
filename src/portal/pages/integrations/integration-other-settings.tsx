import type { MessageKey, Messages } from '../../../i18n/messages.ts';
import type { WizardType } from '../../commands/integrations/integration-input.ts';
import { type FormValues, OTHER_FIELDS, one } from './integration-form-values.ts';
import { fieldId } from './integration-paths.ts';

/** Each field's label and help. */
const TEXTS: Record<string, readonly [MessageKey, MessageKey]> = {
  'settings.graphAttributes': [
    'portal.integration.field.graphAttributes',
    'portal.integration.help.graphAttributes',
  ],
  'settings.clientSecretValidUntil': [
    'portal.integration.field.clientSecretValidUntil',
    'portal.integration.help.clientSecretValidUntil',
  ],
  'settings.signAuthnRequests': [
    'portal.integration.field.signAuthnRequests',
    'portal.integration.help.signAuthnRequests',
  ],
  'settings.requireSignedAssertion': [
    'portal.integration.field.requireSignedAssertion',
    'portal.integration.help.requireSignedAssertion',
  ],
  'settings.requireSignedResponse': [
    'portal.integration.field.requireSignedResponse',
    'portal.integration.help.requireSignedResponse',
  ],
  'settings.wantEncryptedAssertions': [
    'portal.integration.field.wantEncryptedAssertions',
    'portal.integration.help.wantEncryptedAssertions',
  ],
};

/** The label of an other setting (the error summary names it), or undefined for another field. */
export function otherSettingLabel(t: Messages, name: string): string | undefined {
  const texts = TEXTS[name];
  return texts ? t[texts[0]] : undefined;
}

/**
 * The "Other settings" fieldset of an integration's form: Entra Graph attributes, the client secret's
 * expiry date and the SAML signing options, as the type's settings schema holds them. Each has a label and
 * help; a refusal is shown at the field (the form's error summary links here).
 */
export function IntegrationOtherSettings(props: {
  t: Messages;
  type: WizardType;
  values: FormValues;
  errorOf: (name: string) => string | undefined;
}) {
  const { t, values } = props;
  const fields = OTHER_FIELDS[props.type];
  if (fields.length === 0) return null;
  return (
    <fieldset class="stack" aria-describedby="other-settings-intro">
      <legend>{t['portal.integration.other']}</legend>
      <p class="help" id="other-settings-intro">
        {t['portal.integration.otherIntro']}
      </p>
      {fields.map((f) => {
        const id = fieldId(f.name);
        const texts = TEXTS[f.name];
        const error = props.errorOf(f.name);
        const describedBy = [error ? `${id}-error` : undefined, `${id}-hint`].filter(Boolean).join(' ');
        const label = texts ? t[texts[0]] : f.name;
        const help = texts ? t[texts[1]] : '';
        const value = one(values, f.name);
        return (
          <div class="field" key={f.name}>
            <label for={id}>{label}</label>
            <p class="help" id={`${id}-hint`}>
              {help}
            </p>
            {error ? (
              <p id={`${id}-error`} class="field-error">
                {error}
              </p>
            ) : null}
            {f.kind === 'choice' ? (
              <select
                id={id}
                name={f.name}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={describedBy}
              >
                {(['', 'true', 'false'] as const).map((v) => (
                  <option key={v} value={v} selected={value === v}>
                    {t[`portal.integration.choice.${v === '' ? 'default' : v}`]}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                name={f.name}
                type={f.kind === 'date' ? 'date' : 'text'}
                value={value}
                autocomplete="off"
                spellcheck={false}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={describedBy}
              />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
