import type { Language } from '../../core/language.ts';
import type { Messages } from '../../i18n/messages.ts';
import { ATTRIBUTE_CATALOGUE } from '../../model/attribute-catalogue.ts';
import type { ServiceSet } from '../../registry/service-set-schema.ts';
import type { ServiceView } from '../commands/service-view.ts';
import { ServiceAccessFields } from './service-access-fields.tsx';
import { ServiceMetadataFileField } from './service-metadata-file-field.tsx';

/**
 * The service's edit form (docs/portal.md "Services"), filled with what is stored. The hidden revision is
 * what the save sends as `expectedRevision`: a save based on an older page is refused (409). No checkbox
 * of the attributes = every attribute, as on creation.
 */
export function ServiceEditForm(props: {
  t: Messages;
  lang: Language;
  service: ServiceView & { revision: number };
  /** The organisation's service sets, to choose from. */
  sets: ServiceSet[];
  action: string;
  csrf: string;
}) {
  const { t, service: s } = props;
  const released = new Set(s.releasedAttributes ?? []);
  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading">{t['portal.services.edit']}</h2>
      <p>{t['portal.services.editIntro']}</p>
      <form method="post" action={props.action} class="stack" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="revision" value={String(s.revision)} />
        {(['fi', 'sv', 'en'] as const).map((l) => (
          <div key={l} class="stack">
            <label for={`edit-name-${l}`}>{t[`portal.services.name.${l}`]}</label>
            <input
              id={`edit-name-${l}`}
              name={`name_${l}`}
              type="text"
              maxLength={200}
              lang={l}
              value={s.name[l] ?? ''}
            />
          </div>
        ))}
        <label for="edit-status">{t['portal.services.status']}</label>
        <select id="edit-status" name="status">
          {(['active', 'inactive'] as const).map((v) => (
            <option key={v} value={v} selected={s.status === v}>
              {t[`portal.services.status.${v}`]}
            </option>
          ))}
        </select>
        <ServiceAccessFields
          t={t}
          lang={props.lang}
          access={s.access}
          chosenSets={s.serviceSets}
          sets={props.sets}
        />
        {s.oidc ? (
          <>
            <label for="redirectUris">{t['portal.services.redirectUris']}</label>
            <textarea id="redirectUris" name="redirectUris" rows={3}>
              {s.oidc.redirectUris.join('\n')}
            </textarea>
            <label for="postLogoutRedirectUris">{t['portal.services.postLogoutUris']}</label>
            <textarea id="postLogoutRedirectUris" name="postLogoutRedirectUris" rows={2}>
              {s.oidc.postLogoutRedirectUris.join('\n')}
            </textarea>
            <label for="tokenEndpointAuthMethod">{t['portal.services.authMethod']}</label>
            <select id="tokenEndpointAuthMethod" name="tokenEndpointAuthMethod">
              {(['client_secret_basic', 'client_secret_post'] as const).map((m) => (
                <option key={m} value={m} selected={s.oidc?.tokenEndpointAuthMethod === m}>
                  {m}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {s.saml ? (
          <>
            <label for="acsUrls">{t['portal.services.acsUrls']}</label>
            <textarea id="acsUrls" name="acsUrls" rows={3}>
              {s.saml.acs.map((a) => a.location).join('\n')}
            </textarea>
            <label for="nameIdFormat">{t['portal.services.nameIdFormat']}</label>
            <select id="nameIdFormat" name="nameIdFormat">
              {(['transient', 'persistent'] as const).map((f) => (
                <option key={f} value={f} selected={s.saml?.nameIdFormat === f}>
                  {t[`portal.services.nameId.${f}`]}
                </option>
              ))}
            </select>
            <fieldset>
              <legend>{t['portal.services.refreshMetadata']}</legend>
              <label for="metadataUrl">{t['portal.services.metadataUrl']}</label>
              <input id="metadataUrl" name="metadataUrl" type="url" maxLength={2000} />
              <label for="metadataXml">{t['portal.services.metadataXml']}</label>
              <textarea id="metadataXml" name="metadataXml" rows={4} />
              <ServiceMetadataFileField t={t} />
            </fieldset>
          </>
        ) : null}
        <fieldset>
          <legend>{t['portal.services.attributes']}</legend>
          {ATTRIBUTE_CATALOGUE.map((a) => (
            <div key={a.name}>
              <input
                id={`edit-attr-${a.name}`}
                type="checkbox"
                name="releasedAttributes"
                value={a.name}
                checked={released.has(a.name)}
              />
              <label for={`edit-attr-${a.name}`}>
                {props.lang === 'fi' ? a.label.fi : a.label.en} (<code>{a.name}</code>)
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t['portal.services.save']}</button>
      </form>
    </section>
  );
}
