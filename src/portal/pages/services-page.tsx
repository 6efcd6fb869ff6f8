import { type Language, pickText } from '../../core/language.ts';
import type { Messages } from '../../i18n/messages.ts';
import { ATTRIBUTE_CATALOGUE } from '../../model/attribute-catalogue.ts';
import type { ServiceSet } from '../../registry/service-set-schema.ts';
import type { ServiceView } from '../commands/service-view.ts';
import { historyPath } from './history/history-page.tsx';
import { LogoUploadForm } from './logo-upload-form.tsx';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';
import { ServiceEditForm } from './service-edit-form.tsx';
import { ServiceMetadataFileField } from './service-metadata-file-field.tsx';

export const servicesPath = (organisationId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/services`;
export const servicePath = (organisationId: string, serviceId: string) =>
  `${servicesPath(organisationId)}/${encodeURIComponent(serviceId)}`;

/** One problem of a sent form: the id of the field it is about, and what to fix. */
export interface FormProblem {
  field: string;
  text: string;
}

/** An error summary linked to the fields (WCAG 2.1 SC 3.3.1, 3.3.3). */
function ErrorSummary(props: { t: Messages; problems: FormProblem[] | undefined }) {
  if (!props.problems?.length) return null;
  return (
    <div class="notice error" role="alert" aria-labelledby="service-errors-title" tabIndex={-1}>
      <p id="service-errors-title">{props.t['portal.services.errors']}</p>
      <ul>
        {props.problems.map((p) => (
          <li key={`${p.field}${p.text}`}>
            <a href={`#${p.field}`}>{p.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NameFields(props: { t: Messages; prefix: string }) {
  return (
    <>
      {(['fi', 'sv', 'en'] as const).map((l) => (
        <div key={l} class="stack">
          <label for={`${props.prefix}-name-${l}`}>{props.t[`portal.services.name.${l}`]}</label>
          <input id={`${props.prefix}-name-${l}`} name={`name_${l}`} type="text" maxLength={200} lang={l} />
        </div>
      ))}
    </>
  );
}

function CommonFields(props: { t: Messages; prefix: string; sets: ServiceSet[]; lang: Language }) {
  const { t, prefix } = props;
  return (
    <>
      <NameFields t={t} prefix={prefix} />
      {props.sets.length > 0 ? (
        <fieldset>
          <legend>{t['portal.services.chooseSets']}</legend>
          {props.sets.map((s) => (
            <div key={s.id}>
              <input id={`${prefix}-set-${s.id}`} type="checkbox" name="serviceSetIds" value={s.id} />
              <label for={`${prefix}-set-${s.id}`}>{pickText(s.name, props.lang) || s.id}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t['portal.services.attributes']}</legend>
        {ATTRIBUTE_CATALOGUE.map((a) => (
          <div key={a.name}>
            <input id={`${prefix}-attr-${a.name}`} type="checkbox" name="releasedAttributes" value={a.name} />
            <label for={`${prefix}-attr-${a.name}`}>
              {props.lang === 'fi' ? a.label.fi : a.label.en} (<code>{a.name}</code>)
            </label>
          </div>
        ))}
      </fieldset>
    </>
  );
}

/** The organisation's services and service sets, with the forms that create them (main users). */
export function renderServicesPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  services: ServiceView[];
  sets: ServiceSet[];
  canChange: boolean;
  problems?: FormProblem[];
}): string {
  const self = servicesPath(input.organisationId);
  const { lang } = input;
  return renderPortalPage(
    { lang, title: (t) => t['portal.services.title'], selfPath: self, who: input.who },
    (t) => (
      <>
        <h1>
          {t['portal.services.title']}: {input.organisationName}
        </h1>
        <ErrorSummary t={t} problems={input.problems} />
        <p>{t['portal.services.intro']}</p>
        {input.services.length === 0 ? (
          <p>{t['portal.services.none']}</p>
        ) : (
          <table>
            <caption>{t['portal.services.caption']}</caption>
            <thead>
              <tr>
                <th scope="col">{t['portal.services.col.name']}</th>
                <th scope="col">{t['portal.services.col.protocol']}</th>
                <th scope="col">{t['portal.services.col.phase']}</th>
                <th scope="col">{t['portal.services.col.id']}</th>
              </tr>
            </thead>
            <tbody>
              {input.services.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={`${servicePath(input.organisationId, s.id)}?lang=${lang}`}>
                      {pickText(s.name, lang) || s.id}
                    </a>
                  </td>
                  <td>{s.protocol === 'oidc' ? 'OpenID Connect' : 'SAML 2.0'}</td>
                  <td>{t[`portal.services.phase.${s.deploymentPhase}`]}</td>
                  <td>
                    <code>{s.oidc?.clientId ?? s.saml?.entityId ?? s.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>{t['portal.services.sets']}</h2>
        {input.sets.length === 0 ? (
          <p>{t['portal.services.noSets']}</p>
        ) : (
          <ul>
            {input.sets.map((s) => (
              <li key={s.id}>{pickText(s.name, lang) || s.id}</li>
            ))}
          </ul>
        )}
        {input.canChange ? (
          <>
            <form method="post" action={`${self}/sets?lang=${lang}`} class="stack">
              <h3>{t['portal.services.newSet']}</h3>
              <input type="hidden" name="csrf" value={input.who.csrf} />
              <NameFields t={t} prefix="set" />
              <button type="submit">{t['portal.services.createSet']}</button>
            </form>
            <form method="post" action={`${self}?lang=${lang}`} class="stack">
              <h2>{t['portal.services.newOidc']}</h2>
              <input type="hidden" name="csrf" value={input.who.csrf} />
              <input type="hidden" name="protocol" value="oidc" />
              <CommonFields t={t} prefix="oidc" sets={input.sets} lang={lang} />
              <label for="redirectUris">{t['portal.services.redirectUris']}</label>
              <textarea id="redirectUris" name="redirectUris" rows={3} />
              <label for="postLogoutRedirectUris">{t['portal.services.postLogoutUris']}</label>
              <textarea id="postLogoutRedirectUris" name="postLogoutRedirectUris" rows={2} />
              <label for="tokenEndpointAuthMethod">{t['portal.services.authMethod']}</label>
              <select id="tokenEndpointAuthMethod" name="tokenEndpointAuthMethod">
                <option value="client_secret_basic">client_secret_basic</option>
                <option value="client_secret_post">client_secret_post</option>
              </select>
              <button type="submit">{t['portal.services.create']}</button>
            </form>
            <form method="post" action={`${self}?lang=${lang}`} class="stack" enctype="multipart/form-data">
              <h2>{t['portal.services.newSaml']}</h2>
              <input type="hidden" name="csrf" value={input.who.csrf} />
              <input type="hidden" name="protocol" value="saml" />
              <CommonFields t={t} prefix="saml" sets={input.sets} lang={lang} />
              <label for="metadataUrl">{t['portal.services.metadataUrl']}</label>
              <input id="metadataUrl" name="metadataUrl" type="url" maxLength={2000} />
              <label for="metadataXml">{t['portal.services.metadataXml']}</label>
              <textarea id="metadataXml" name="metadataXml" rows={4} />
              <ServiceMetadataFileField t={t} />
              <label for="nameIdFormat">{t['portal.services.nameIdFormat']}</label>
              <select id="nameIdFormat" name="nameIdFormat">
                <option value="transient">{t['portal.services.nameId.transient']}</option>
                <option value="persistent">{t['portal.services.nameId.persistent']}</option>
              </select>
              <button type="submit">{t['portal.services.create']}</button>
            </form>
          </>
        ) : null}
      </>
    ),
  );
}

/** One service: its settings, secret rotation and the production copy (main users). */
export function renderServicePage(input: {
  lang: Language;
  who: WhoBox;
  service: ServiceView & { tested: boolean; revision: number };
  /** The organisation's service sets, for the edit form. */
  sets: ServiceSet[];
  canChange: boolean;
  problems?: FormProblem[];
  saved?: boolean;
}): string {
  const { service: s, lang } = input;
  const self = servicePath(s.organisationId, s.id);
  const name = pickText(s.name, lang) || s.id;
  return renderPortalPage({ lang, title: () => name, selfPath: self, who: input.who }, (t) => (
    <>
      <h1>{name}</h1>
      <ErrorSummary t={t} problems={input.problems} />
      {input.saved ? (
        <div class="notice" role="status">
          <p>{t['portal.services.saved']}</p>
        </div>
      ) : null}
      <p>
        <a href={`${servicesPath(s.organisationId)}?lang=${lang}`}>{t['portal.services.back']}</a>
      </p>
      <p>
        <a href={`${historyPath(s.organisationId, 'service', s.id)}?lang=${lang}`}>
          {t['portal.history.title.service']}
        </a>
      </p>
      <dl class="details">
        <dt>{t['portal.services.col.phase']}</dt>
        <dd>{t[`portal.services.phase.${s.deploymentPhase}`]}</dd>
        <dt>{t['portal.services.status']}</dt>
        <dd>
          {s.status === 'active' || s.status === 'inactive'
            ? t[`portal.services.status.${s.status}`]
            : s.status}
        </dd>
        {s.oidc ? (
          <>
            <dt>{t['portal.services.clientId']}</dt>
            <dd>
              <code>{s.oidc.clientId}</code>
            </dd>
            <dt>{t['portal.services.redirectUris']}</dt>
            <dd>{s.oidc.redirectUris.join(', ')}</dd>
            {s.oidc.previousSecretExpiresAt ? (
              <>
                <dt>{t['portal.services.previousUntil']}</dt>
                <dd>{s.oidc.previousSecretExpiresAt}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {s.saml ? (
          <>
            <dt>{t['portal.services.entityId']}</dt>
            <dd>
              <code>{s.saml.entityId}</code>
            </dd>
            <dt>{t['portal.services.acs']}</dt>
            <dd>{s.saml.acs.map((a) => a.location).join(', ')}</dd>
            <dt>{t['portal.services.certificates']}</dt>
            <dd>
              {s.saml.signingCertificates} / {s.saml.encryptionCertificates}
            </dd>
            {s.saml.signing.flatMap((c, i) => [
              <dt key={`cert-dt-${i}`}>{t['portal.services.signingCertificate']}</dt>,
              <dd key={`cert-dd-${i}`}>
                <code>{c.subject}</code> ({t['portal.services.certificateValidUntil']}{' '}
                {c.notAfter?.slice(0, 10) ?? '?'})
              </dd>,
            ])}
            <dt>{t['portal.services.nameIdFormat']}</dt>
            <dd>{t[`portal.services.nameId.${s.saml.nameIdFormat}`]}</dd>
          </>
        ) : null}
        <dt>{t['portal.services.attributes']}</dt>
        <dd>{s.releasedAttributes ? s.releasedAttributes.join(', ') : t['portal.services.allAttributes']}</dd>
        <dt>{t['portal.services.logo']}</dt>
        <dd>{s.logo ?? '–'}</dd>
      </dl>
      {input.canChange ? (
        <ServiceEditForm
          t={t}
          lang={lang}
          service={s}
          sets={input.sets}
          action={`${self}?lang=${lang}`}
          csrf={input.who.csrf}
        />
      ) : null}
      {input.canChange ? (
        <LogoUploadForm
          t={t}
          action={`${self}/logo?lang=${lang}`}
          csrf={input.who.csrf}
          revision={s.revision}
          current={s.logo}
          error={input.problems?.find((p) => p.field === 'logo-file')?.text}
        />
      ) : null}
      {input.canChange && s.oidc?.hasSecret ? (
        <form method="post" action={`${self}/rotate-secret?lang=${lang}`} class="stack">
          <h2>{t['portal.services.rotate']}</h2>
          <input type="hidden" name="csrf" value={input.who.csrf} />
          <label for="overlapDays">{t['portal.services.overlapDays']}</label>
          <input id="overlapDays" name="overlapDays" type="number" min={0} max={30} value="7" />
          <button type="submit">{t['portal.services.rotate']}</button>
        </form>
      ) : null}
      {input.canChange && s.deploymentPhase === 'test' ? (
        <section aria-labelledby="production-heading">
          <h2 id="production-heading">{t['portal.services.production']}</h2>
          {s.tested ? (
            <form method="post" action={`${self}/production?lang=${lang}`} class="stack">
              <p>{t['portal.services.testPassed']}</p>
              <p>{t['portal.services.productionIntro']}</p>
              <input type="hidden" name="csrf" value={input.who.csrf} />
              {s.saml ? (
                <>
                  <label for="entityId">{t['portal.services.productionEntityId']}</label>
                  <input id="entityId" name="entityId" type="text" maxLength={1024} />
                </>
              ) : null}
              <button type="submit">{t['portal.services.production']}</button>
            </form>
          ) : (
            <p>{t['portal.services.notTested']}</p>
          )}
        </section>
      ) : null}
    </>
  ));
}

/** The generated client secret, shown on this one answer only (never stored in the page cache). */
export function renderSecretPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  serviceId: string;
  clientId: string;
  secret: string;
}): string {
  const { lang } = input;
  const self = servicePath(input.organisationId, input.serviceId);
  return renderPortalPage(
    { lang, title: (t) => t['portal.services.secretTitle'], selfPath: self, who: input.who },
    (t) => (
      <>
        <h1>{t['portal.services.secretTitle']}</h1>
        <div class="notice" role="status">
          <p>{t['portal.services.created']}</p>
        </div>
        <p>{t['portal.services.secretOnce']}</p>
        <dl class="details">
          <dt>{t['portal.services.clientId']}</dt>
          <dd>
            <code id="client-id">{input.clientId}</code>
          </dd>
          <dt>{t['portal.services.secretTitle']}</dt>
          <dd>
            <code id="client-secret">{input.secret}</code>
          </dd>
        </dl>
        <p>
          <a href={`${self}?lang=${lang}`}>{t['portal.services.back']}</a>
        </p>
      </>
    ),
  );
}
