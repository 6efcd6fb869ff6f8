import { type PortalDeps, portalStores } from './portal-deps.ts';

/** One acceptance of the terms of service by an organisation (docs/portal.md "Organisation page"). */
export interface AcceptedTerms {
  version: string;
  acceptedAt: Date;
  /** The e-mail address of the person who accepted (the applicant's contact person when joining). */
  acceptedBy: string;
  /** SHA-256 of the accepted text (docs/portal.md "Terms of service"), so the wording can be proven later. */
  sha256: string;
}

/** The organisation's acceptances of the terms of service, oldest first, as recorded when they joined. */
export async function acceptedTermsOf(deps: PortalDeps, organisationId: string): Promise<AcceptedTerms[]> {
  const acceptances = await portalStores(deps.db, deps.clock).terms.acceptancesOf(organisationId);
  return acceptances.map((a) => ({
    version: String(a.termsVersion),
    acceptedAt: a.at,
    acceptedBy: a.email,
    sha256: a.sha256,
  }));
}
