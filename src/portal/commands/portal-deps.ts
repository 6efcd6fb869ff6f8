import { type Clock, systemClock } from '../../core/clock.ts';
import type { TestLoginResults } from '../../ops/health/health-items.ts';
import type { OrgdataLookup } from '../../orgdata/orgdata-lookup.ts';
import type { RegistryRepository } from '../../registry/registry-repository.ts';
import type { Db } from '../../store/database.ts';
import type { SecretBox } from '../../store/secret-box.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createApiTokenStore } from '../store/api-token-store.ts';
import { createPortalAuditStore } from '../store/audit-store.ts';
import { createInvitationStore } from '../store/invitation-store.ts';
import { createJoinApplicationStore } from '../store/join-application-store.ts';
import { createPeopleStore } from '../store/people-store.ts';
import { createPortalSessionStore } from '../store/session-store.ts';
import { createTermsStore } from '../store/terms-store.ts';
import { createWebauthnChallengeStore } from '../store/webauthn-challenge-store.ts';
import { createWebauthnCredentialStore } from '../store/webauthn-credential-store.ts';
import type { OrganisationRegistry } from './organisation-registry.ts';

/** What the portal's commands work with; one set for the pages, the JSON API and the CLI. */
export interface PortalDeps {
  db: Db;
  box: SecretBox;
  clock: Clock;
  mailer: Mailer;
  publicUrl: string;
  /** The registry for the organisation commands (docs/portal.md "Organisation page"); absent in the CLI. */
  registry?: OrganisationRegistry;
  /** The registry and organisation data, for approving applications to join (docs/portal.md "Joining"). */
  joining?: { repo: RegistryRepository; orgdata: () => OrgdataLookup };
  /** How long raw login reports are kept, for the support trace's window (docs/operations.md "Login reports"). */
  loginReportRetentionDays?: number;
  /** PASSI_PRODUCTION_INTEGRATIONS_NEED_APPROVAL (docs/portal.md "Test login and production"). */
  productionIntegrationsNeedApproval?: boolean;
  /** When integrations last passed a test login (docs/portal.md "Needs attention"); absent = not known. */
  testLogins?: TestLoginResults;
}

/** The portal's stores over `db` (or a transaction); audit rows are stamped with `clock`. */
export function portalStores(db: Db, clock: Clock = systemClock) {
  return {
    people: createPeopleStore(db),
    invitations: createInvitationStore(db),
    sessions: createPortalSessionStore(db),
    audit: createPortalAuditStore(db, clock),
    passkeys: createWebauthnCredentialStore(db),
    challenges: createWebauthnChallengeStore(db),
    apiTokens: createApiTokenStore(db),
    terms: createTermsStore(db),
    applications: createJoinApplicationStore(db),
  };
}

/** Context of a sealed TOTP secret: bound to its person, so a sealed value cannot be moved to another. */
export const totpSealContext = (personId: string) => `portal-totp:${personId}`;
