import type { PortalDeps } from './portal-deps.ts';

/** One acceptance of the terms of service by an organisation (docs/portal.md "Organisation page"). */
export interface AcceptedTerms {
  version: string;
  acceptedAt: Date;
  acceptedBy: string;
}

/**
 * The seam where the terms-of-service storage plugs in: the organisation page and API render whatever
 * this returns. Until that storage exists, no acceptances are recorded, so the list is empty.
 */
export async function acceptedTermsOf(_deps: PortalDeps, _organisationId: string): Promise<AcceptedTerms[]> {
  return [];
}
