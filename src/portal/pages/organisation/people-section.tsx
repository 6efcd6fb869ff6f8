import type { Messages } from '../../../i18n/messages.ts';
import type { PortalRole } from '../../domain/roles.ts';
import type { OrganisationMember } from '../../store/organisation-people-store.ts';
import { ReauthForm } from '../reauth-form.tsx';

const minute = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);

/**
 * The organisation's people with their roles and state; for main users and operators a remove button per
 * person and the invitation form, which needs a fresh sign-in first (docs/portal.md "People").
 */
export function PeopleSection(props: {
  t: Messages;
  organisationId: string;
  people: OrganisationMember[];
  canEdit: boolean;
  invitable: PortalRole[];
  recentAuth: boolean;
  csrf: string;
  email: string;
  inviteDraft?: { email: string; role: string };
  inviteError?: 'email' | 'role';
}) {
  const { t } = props;
  const base = `/portal/organisation/${props.organisationId}`;
  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">{t['portal.org.people']}</h2>
      {props.people.length === 0 ? (
        <p>{t['portal.org.noPeople']}</p>
      ) : (
        <table class="people">
          <caption class="visually-hidden">{t['portal.org.people']}</caption>
          <thead>
            <tr>
              <th scope="col">{t['portal.org.personName']}</th>
              <th scope="col">{t['portal.org.personEmail']}</th>
              <th scope="col">{t['portal.who.role']}</th>
              <th scope="col">{t['portal.org.personStatus']}</th>
              <th scope="col">{t['portal.org.lastSignIn']}</th>
              {props.canEdit ? <th scope="col">{t['portal.org.actions']}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.people.map((p) => (
              <tr key={`${p.personId}-${p.role}-${p.status}`}>
                <td>{p.displayName || '–'}</td>
                <td>{p.email}</td>
                <td>{t[`portal.role.${p.role}`]}</td>
                <td>{t[`portal.org.status.${p.status}`]}</td>
                <td>
                  {p.lastSignInAt ? (
                    <time dateTime={p.lastSignInAt.toISOString()}>{minute(p.lastSignInAt)}</time>
                  ) : (
                    '–'
                  )}
                </td>
                {props.canEdit ? (
                  <td>
                    <form method="post" action={`${base}/people/remove`}>
                      <input type="hidden" name="csrf" value={props.csrf} />
                      <input type="hidden" name="personId" value={p.personId} />
                      <button
                        type="submit"
                        class="small"
                        aria-label={`${t['portal.org.removePerson']}: ${p.email} (${t[`portal.role.${p.role}`]})`}
                      >
                        {t['portal.org.removePerson']}
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canEdit ? (
        <>
          <h3 id="invite">{t['portal.org.invite']}</h3>
          {props.recentAuth ? (
            <form method="post" action={`${base}/people`} class="stack">
              <input type="hidden" name="csrf" value={props.csrf} />
              {props.inviteError ? (
                <div class="notice error" role="alert">
                  <p>
                    <a href={`#invite-${props.inviteError}`}>
                      {t[`portal.org.inviteError.${props.inviteError}`]}
                    </a>
                  </p>
                </div>
              ) : null}
              <label for="invite-email">{t['portal.org.personEmail']}</label>
              <input
                id="invite-email"
                name="email"
                type="email"
                required
                maxLength={254}
                autocomplete="off"
                value={props.inviteDraft?.email ?? ''}
                aria-invalid={props.inviteError === 'email' ? 'true' : undefined}
              />
              <label for="invite-role">{t['portal.who.role']}</label>
              <select id="invite-role" name="role">
                {props.invitable.map((r) => (
                  <option key={r} value={r} selected={props.inviteDraft?.role === r}>
                    {t[`portal.role.${r}`]}
                  </option>
                ))}
              </select>
              <button type="submit">{t['portal.org.inviteButton']}</button>
            </form>
          ) : (
            <ReauthForm
              t={t}
              action={`${base}/reauthenticate`}
              csrf={props.csrf}
              email={props.email}
              help={t['portal.org.reauthHelp']}
            />
          )}
        </>
      ) : null}
    </section>
  );
}
