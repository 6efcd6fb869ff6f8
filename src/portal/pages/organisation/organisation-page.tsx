import { type Language, pickText } from '../../../core/language.ts';
import type { Messages } from '../../../i18n/messages.ts';
import type { AcceptedTerms } from '../../commands/accepted-terms.ts';
import type { OrganisationAuditPage } from '../../commands/organisation-audit.ts';
import type { OrganisationOverview } from '../../commands/organisation-overview.ts';
import type { ContactInput } from '../../commands/save-contacts.ts';
import type { PortalRole } from '../../domain/roles.ts';
import { InsightNav } from '../insight/insight-common.tsx';
import { integrationsPath } from '../integrations/integration-paths.ts';
import { renderPortalPage, type WhoBox } from '../portal-layout.tsx';
import { AuditSection } from './audit-section.tsx';
import { type ContactFieldError, ContactsSection } from './contacts-section.tsx';
import { PeopleSection } from './people-section.tsx';

export type OrganisationNotice =
  | 'contactsSaved'
  | 'contactsUnchanged'
  | 'invited'
  | 'membershipAdded'
  | 'removed'
  | 'lastMainUser'
  | 'invalid'
  | 'locked';

const NOTICE_IS_ERROR: Record<OrganisationNotice, boolean> = {
  contactsSaved: false,
  contactsUnchanged: false,
  invited: false,
  membershipAdded: false,
  removed: false,
  lastMainUser: true,
  invalid: true,
  locked: true,
};

/**
 * The organisation page (docs/portal.md "Organisation page"): the registry's data, contacts, people,
 * accepted terms and the audit log. Change forms only for those who may change (main users, operators).
 */
export function renderOrganisationPage(input: {
  lang: Language;
  who: WhoBox;
  overview: OrganisationOverview;
  audit: OrganisationAuditPage;
  canEdit: boolean;
  invitable: PortalRole[];
  recentAuth: boolean;
  notice?: OrganisationNotice;
  contactDraft?: ContactInput[];
  contactErrors?: ContactFieldError[];
  inviteDraft?: { email: string; role: string };
  inviteError?: 'email' | 'role';
}): string {
  const { overview } = input;
  const org = overview.organisation;
  const name = pickText(org.name, input.lang) || overview.organisationId;
  const selfPath = `/portal/organisation/${overview.organisationId}`;
  return renderPortalPage({ lang: input.lang, title: () => name, selfPath, who: input.who }, (t) => (
    <>
      <h1>{name}</h1>
      <InsightNav t={t} organisationId={overview.organisationId} />
      {org.roles.includes('educationProvider') ? (
        <p>
          <a href={integrationsPath(overview.organisationId)}>{t['portal.integration.orgLink']}</a>
        </p>
      ) : null}
      {org.roles.includes('serviceProvider') ? (
        <p>
          <a href={`${selfPath}/services?lang=${input.lang}`}>{t['portal.services.link']}</a>
        </p>
      ) : null}
      {input.notice ? (
        <div
          class={NOTICE_IS_ERROR[input.notice] ? 'notice error' : 'notice'}
          role={NOTICE_IS_ERROR[input.notice] ? 'alert' : 'status'}
        >
          <p>{t[`portal.org.notice.${input.notice}`]}</p>
        </div>
      ) : null}
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t['portal.org.details']}</h2>
        <dl class="details">
          {(['fi', 'sv', 'en'] as const).map((l) => (
            <div key={l}>
              <dt>{t[`portal.org.name.${l}`]}</dt>
              <dd lang={l}>{org.name[l] ?? '–'}</dd>
            </div>
          ))}
          <dt>{t['portal.org.address']}</dt>
          <dd>{addressText(org.address) || '–'}</dd>
          <dt>{t['portal.org.businessId']}</dt>
          <dd>{org.businessId ?? '–'}</dd>
          <dt>{t['portal.org.oid']}</dt>
          <dd>{org.oid}</dd>
          <dt>{t['portal.org.roles']}</dt>
          <dd>{org.roles.map((r) => t[`portal.org.role.${r}`]).join(', ')}</dd>
          <dt>{t['portal.org.personRegistries']}</dt>
          <dd>{org.personRegistries?.length ? org.personRegistries.join(', ') : '–'}</dd>
        </dl>
      </section>
      <ContactsSection
        t={t}
        organisationId={overview.organisationId}
        contacts={org.contacts ?? []}
        canEdit={input.canEdit}
        csrf={input.who.csrf}
        draft={input.contactDraft}
        errors={input.contactErrors}
      />
      <PeopleSection
        t={t}
        organisationId={overview.organisationId}
        people={overview.people}
        canEdit={input.canEdit}
        invitable={input.invitable}
        recentAuth={input.recentAuth}
        csrf={input.who.csrf}
        email={input.who.email}
        inviteDraft={input.inviteDraft}
        inviteError={input.inviteError}
      />
      <AcceptedTermsSection t={t} terms={overview.acceptedTerms} />
      <AuditSection t={t} organisationId={overview.organisationId} audit={input.audit} />
    </>
  ));
}

/** Accepted terms of service: rendered from `acceptedTermsOf` (commands/accepted-terms.ts). */
function AcceptedTermsSection(props: { t: Messages; terms: AcceptedTerms[] }) {
  const { t } = props;
  return (
    <section aria-labelledby="terms-heading" class="accepted-terms">
      <h2 id="terms-heading">{t['portal.org.acceptedTerms']}</h2>
      {props.terms.length === 0 ? (
        <p>{t['portal.org.noAcceptedTerms']}</p>
      ) : (
        <ul>
          {props.terms.map((a) => (
            <li key={`${a.version}-${a.acceptedAt.toISOString()}`}>
              {t['portal.org.termsLine']
                .replace('{version}', a.version)
                .replace('{at}', a.acceptedAt.toISOString().slice(0, 10))
                .replace('{by}', a.acceptedBy)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function addressText(a: { street?: string; postalCode?: string; city?: string } | undefined): string {
  if (!a) return '';
  return [a.street, [a.postalCode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}
