import type { Language } from '../../core/language.ts';
import type { Messages } from '../../i18n/messages.ts';
import { PERSON_REGISTRIES } from '../../registry/organisation-schema.ts';
import type { OidProposal } from '../commands/decide-join-application.ts';
import type { JoinApplication } from '../store/join-application-store.ts';
import type { TermsVersion } from '../store/terms-store.ts';
import { renderPortalPage, type WhoBox } from './portal-layout.tsx';
import { ReauthForm } from './reauth-form.tsx';

export const APPLICATIONS_PATH = '/portal/operator/applications';
export const TERMS_PATH = '/portal/operator/terms';

const day = (d: Date) => d.toISOString().slice(0, 10);
const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function OperatorNav({ t }: { t: Messages }) {
  return (
    <nav aria-label={t['portal.nav.applications']}>
      <ul>
        <li>
          <a href={APPLICATIONS_PATH}>{t['portal.nav.applications']}</a>
        </li>
        <li>
          <a href={TERMS_PATH}>{t['portal.nav.terms']}</a>
        </li>
      </ul>
    </nav>
  );
}

export function renderApplicationsPage(input: {
  lang: Language;
  who: WhoBox;
  applications: readonly JoinApplication[];
  notice?: string;
}): string {
  return renderPortalPage(
    {
      lang: input.lang,
      title: (t) => t['portal.applications.title'],
      selfPath: APPLICATIONS_PATH,
      who: input.who,
    },
    (t) => (
      <>
        <h1>{t['portal.applications.title']}</h1>
        <OperatorNav t={t} />
        {input.notice ? (
          <div class="notice" role="status">
            <p>{input.notice}</p>
          </div>
        ) : null}
        {input.applications.length === 0 ? (
          <p>{t['portal.applications.none']}</p>
        ) : (
          <table>
            <caption>{t['portal.applications.caption']}</caption>
            <thead>
              <tr>
                <th scope="col">{t['portal.applications.col.name']}</th>
                <th scope="col">{t['portal.applications.col.kind']}</th>
                <th scope="col">{t['portal.applications.col.businessId']}</th>
                <th scope="col">{t['portal.applications.col.received']}</th>
              </tr>
            </thead>
            <tbody>
              {input.applications.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={`${APPLICATIONS_PATH}/${a.id}`}>{a.details.name}</a>
                  </th>
                  <td>{t[`portal.join.kind.${a.kind}`]}</td>
                  <td>{a.details.businessId}</td>
                  <td>{day(a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ),
  );
}

/** Why an approval was refused, each with its own sentence on the page; nothing was stored. */
export type ApprovalRefusal = 'oid-missing' | 'oid-taken' | 'business-id-taken';
export type ApplicationProblem =
  | { field: 'oid'; reason: ApprovalRefusal; organisationId?: string }
  | { field: 'reason' };

/** Everything the applicant gave, Passi's proposals, and the approve and reject forms. */
export function renderApplicationPage(input: {
  lang: Language;
  who: WhoBox;
  application: JoinApplication;
  proposals: readonly OidProposal[];
  oid?: string;
  problem?: ApplicationProblem;
  /** Whether the sign-in is recent enough to approve; otherwise the page asks for it again first. */
  recentAuth: boolean;
  reauthNotice?: 'invalid' | 'locked';
}): string {
  const a = input.application;
  const d = a.details;
  const path = `${APPLICATIONS_PATH}/${a.id}`;
  const oid = input.oid ?? a.confirmedOid ?? input.proposals[0]?.oid ?? '';
  const problem = input.problem;
  return renderPortalPage(
    {
      lang: input.lang,
      title: (t) => t['portal.applications.detail'].replace('{name}', d.name),
      selfPath: path,
      who: input.who,
    },
    (t) => (
      <>
        <h1>{t['portal.applications.detail'].replace('{name}', d.name)}</h1>
        <OperatorNav t={t} />
        <h2>{t['portal.applications.details']}</h2>
        <dl>
          <dt>{t['portal.join.field.kind']}</dt>
          <dd>{t[`portal.join.kind.${a.kind}`]}</dd>
          <dt>{t['portal.join.field.name']}</dt>
          <dd>{d.name}</dd>
          <dt>{t['portal.join.field.businessId']}</dt>
          <dd>{d.businessId}</dd>
          <dt>{t['portal.applications.field.address']}</dt>
          <dd>
            {d.street}, {d.postalCode} {d.city}
          </dd>
          <dt>{t['portal.applications.field.contact']}</dt>
          <dd>
            {d.contactName}, {d.contactEmail}, {d.contactPhone}
          </dd>
          {a.kind !== 'service' ? (
            <>
              <dt>{t['portal.join.field.personRegistries']}</dt>
              <dd>
                {PERSON_REGISTRIES.filter((r) => d.personRegistries.includes(r))
                  .map((r) => t[`portal.join.registry.${r}`])
                  .join(', ')}
              </dd>
            </>
          ) : null}
          <dt>{t['portal.applications.field.terms']}</dt>
          <dd>{a.termsVersion}</dd>
          <dt>{t['portal.applications.col.received']}</dt>
          <dd>{stamp(a.createdAt)}</dd>
          <dt>{t['portal.applications.field.confirmedOid']}</dt>
          <dd>{a.confirmedOid ?? t['portal.applications.noOid']}</dd>
        </dl>
        <h2>{t['portal.applications.proposals']}</h2>
        {input.proposals.length === 0 ? (
          <p>{t['portal.join.confirm.nothingFound']}</p>
        ) : (
          <ul>
            {input.proposals.map((p) => (
              <li key={p.oid}>
                {p.name} (<code>{p.oid}</code>) — {t['portal.join.confirm.schools']}:{' '}
                {p.schools.length > 0
                  ? p.schools.map((s) => (s.schoolCode ? `${s.name} (${s.schoolCode})` : s.name)).join(', ')
                  : t['portal.join.confirm.noSchools']}
              </li>
            ))}
          </ul>
        )}
        {a.status === 'verified' ? (
          <>
            <h2>{t['portal.applications.approve']}</h2>
            {input.reauthNotice ? (
              <p class="notice error" role="alert">
                {t[`portal.org.notice.${input.reauthNotice}`]}
              </p>
            ) : null}
            {input.recentAuth ? (
              <form method="post" action={`${path}/approve`} class="stack">
                <input type="hidden" name="csrf" value={input.who.csrf} />
                <p id="oid-help" class="help">
                  {t['portal.applications.approveHelp']}
                </p>
                {problem?.field === 'oid' ? (
                  <p id="oid-error" class="field-error" role="alert">
                    {t[`portal.applications.error.${problem.reason}`].replace(
                      '{oid}',
                      problem.organisationId ?? '',
                    )}
                  </p>
                ) : null}
                <label for="oid">{t['portal.applications.oid']}</label>
                <input
                  id="oid"
                  name="oid"
                  type="text"
                  maxLength={40}
                  value={oid}
                  required
                  aria-describedby={problem?.field === 'oid' ? 'oid-help oid-error' : 'oid-help'}
                  aria-invalid={problem?.field === 'oid' ? 'true' : undefined}
                />
                <button type="submit">{t['portal.applications.approveButton']}</button>
              </form>
            ) : (
              <ReauthForm
                t={t}
                action={`${path}/reauthenticate`}
                csrf={input.who.csrf}
                email={input.who.email}
                help={t['portal.applications.reauthHelp']}
              />
            )}
            <h2>{t['portal.applications.reject']}</h2>
            <form method="post" action={`${path}/reject`} class="stack">
              <input type="hidden" name="csrf" value={input.who.csrf} />
              {problem?.field === 'reason' ? (
                <p id="reason-error" class="field-error" role="alert">
                  {t['portal.applications.error.reason']}
                </p>
              ) : null}
              <label for="reason">{t['portal.applications.reason']}</label>
              <textarea
                id="reason"
                name="reason"
                rows={4}
                maxLength={2000}
                required
                aria-describedby={problem?.field === 'reason' ? 'reason-error' : undefined}
                aria-invalid={problem?.field === 'reason' ? 'true' : undefined}
              />
              <button type="submit">{t['portal.applications.rejectButton']}</button>
            </form>
          </>
        ) : (
          <p class="notice" role="status">
            {t['portal.join.status.current'].replace('{status}', t[`portal.join.status.${a.status}`])}
          </p>
        )}
      </>
    ),
  );
}

export function renderTermsPage(input: {
  lang: Language;
  who: WhoBox;
  versions: readonly TermsVersion[];
  published?: number;
  invalid?: boolean;
}): string {
  return renderPortalPage(
    { lang: input.lang, title: (t) => t['portal.terms.title'], selfPath: TERMS_PATH, who: input.who },
    (t) => (
      <>
        <h1>{t['portal.terms.title']}</h1>
        <OperatorNav t={t} />
        {input.published ? (
          <div class="notice" role="status">
            <p>{t['portal.terms.published'].replace('{version}', String(input.published))}</p>
          </div>
        ) : null}
        {input.versions.length === 0 ? (
          <p>{t['portal.terms.none']}</p>
        ) : (
          <table>
            <caption>{t['portal.terms.caption']}</caption>
            <thead>
              <tr>
                <th scope="col">{t['portal.terms.col.version']}</th>
                <th scope="col">{t['portal.terms.col.published']}</th>
                <th scope="col">{t['portal.terms.col.by']}</th>
                <th scope="col">{t['portal.terms.col.hash']}</th>
              </tr>
            </thead>
            <tbody>
              {input.versions.map((v, i) => (
                <tr key={v.id}>
                  <th scope="row">
                    {v.id}
                    {i === 0 ? ` (${t['portal.terms.current']})` : ''}
                  </th>
                  <td>{stamp(v.publishedAt)}</td>
                  <td>{v.publishedBy}</td>
                  <td>
                    <code>{v.sha256.slice(0, 16)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>{t['portal.terms.publish']}</h2>
        <p id="terms-help" class="help">
          {t['portal.terms.publishHelp']}
        </p>
        {input.invalid ? (
          <p id="terms-error" class="field-error" role="alert">
            {t['portal.terms.error']}
          </p>
        ) : null}
        <form method="post" action={TERMS_PATH} class="stack">
          <input type="hidden" name="csrf" value={input.who.csrf} />
          {(['fi', 'sv', 'en'] as const).map((l) => (
            <>
              <label for={`text-${l}`}>{t[`portal.terms.text.${l}`]}</label>
              <textarea
                id={`text-${l}`}
                name={l}
                lang={l}
                rows={8}
                maxLength={50_000}
                required
                aria-describedby={input.invalid ? 'terms-help terms-error' : 'terms-help'}
              />
            </>
          ))}
          <button type="submit">{t['portal.terms.publishButton']}</button>
        </form>
      </>
    ),
  );
}
