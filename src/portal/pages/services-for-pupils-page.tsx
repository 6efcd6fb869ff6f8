import { type Language, pickText } from '../../core/language.ts';
import type { Messages } from '../../i18n/messages.ts';
import { servicesForPupilsPath } from '../commands/service-agreements.ts';
import type { PupilServiceAvailability } from '../domain/pupil-service-availability.ts';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';

export type PupilServicesNotice = 'requested' | 'withdrawn';

/**
 * The education provider's services for pupils (docs/portal.md "Services for pupils"): every service, open
 * or by agreement, whether the pupils can use it now and why not; main users request or withdraw with a
 * plain form POST. One table with a caption and header cells with `scope` (WCAG 2.1 SC 1.3.1).
 */
export function renderServicesForPupilsPage(input: {
  lang: Language;
  who: WhoBox;
  organisationId: string;
  organisationName: string;
  services: PupilServiceAvailability[];
  canChange: boolean;
  notice?: PupilServicesNotice;
}): string {
  const self = servicesForPupilsPath(input.organisationId);
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.agreements.pupils.title'], selfPath: self, who: input.who },
    (t) => (
      <>
        <h1>
          {t['portal.agreements.pupils.title']}: {input.organisationName}
        </h1>
        {input.notice ? (
          <div class="notice" role="status">
            <p>{t[`portal.agreements.saved.${input.notice}`]}</p>
          </div>
        ) : null}
        <p>{t['portal.agreements.pupils.intro']}</p>
        {input.services.length === 0 ? (
          <p>{t['portal.agreements.pupils.none']}</p>
        ) : (
          <table class="pupil-services">
            <caption>{t['portal.agreements.pupils.caption']}</caption>
            <thead>
              <tr>
                <th scope="col">{t['portal.agreements.col.service']}</th>
                <th scope="col">{t['portal.agreements.col.provider']}</th>
                <th scope="col">{t['portal.agreements.col.sets']}</th>
                <th scope="col">{t['portal.agreements.col.access']}</th>
                <th scope="col">{t['portal.agreements.col.usable']}</th>
                {input.canChange ? <th scope="col">{t['portal.agreements.col.action']}</th> : null}
              </tr>
            </thead>
            <tbody>
              {input.services.map((s) => (
                <ServiceRow
                  key={s.serviceId}
                  s={s}
                  t={t}
                  lang={input.lang}
                  self={self}
                  csrf={input.who.csrf}
                  canChange={input.canChange}
                />
              ))}
            </tbody>
          </table>
        )}
      </>
    ),
  );
}

function ServiceRow(props: {
  s: PupilServiceAvailability;
  t: Messages;
  lang: Language;
  self: string;
  csrf: string;
  canChange: boolean;
}) {
  const { s, t, lang } = props;
  const name = pickText(s.serviceName, lang) || s.serviceId;
  const byAgreement = s.access === 'agreement' && !s.alwaysAllowed;
  const state = s.agreement?.state;
  const action = !byAgreement
    ? undefined
    : state === 'requested' || state === 'accepted'
      ? ('withdraw' as const)
      : ('request' as const);
  return (
    <tr data-service={s.serviceId}>
      <th scope="row">{name}</th>
      <td>{pickText(s.providerName, lang) || s.providerOid}</td>
      <td>{s.serviceSets.map((set) => pickText(set.name, lang) || set.id).join(', ')}</td>
      <td>{t[`portal.agreements.access.${byAgreement ? 'agreement' : 'open'}`]}</td>
      <td class={s.usableNow ? 'usable' : 'not-usable'}>
        <strong>{s.usableNow ? t['portal.agreements.usable.yes'] : t['portal.agreements.usable.no']}</strong>
        {s.reason ? (
          <>
            {' '}
            {t[`portal.agreements.why.${s.reason}`]}
            {s.reason === 'agreement-declined' && s.agreement?.reason ? <q>{s.agreement.reason}</q> : null}
          </>
        ) : null}
      </td>
      {props.canChange ? (
        <td>
          {action ? (
            <form
              method="post"
              action={`${props.self}/${encodeURIComponent(s.serviceId)}/${action}?lang=${lang}`}
            >
              <input type="hidden" name="csrf" value={props.csrf} />
              <button type="submit" aria-label={`${t[`portal.agreements.${action}`]}: ${name}`}>
                {t[`portal.agreements.${action}`]}
              </button>
            </form>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
