/**
 * Roles per organisation, after MPASSid's management portal: main user and viewer for education providers
 * and for service providers, and Passi's operators who see everything (docs/portal.md "Roles").
 */
export const PORTAL_ROLES = [
  'operator',
  'education-main',
  'education-viewer',
  'service-main',
  'service-viewer',
] as const;
export type PortalRole = (typeof PORTAL_ROLES)[number];

/** The organisation id under which operators hold their role: the whole Passi deployment. */
export const OPERATOR_SCOPE = 'passi';

/** Viewers only read; everything that changes data needs a main user or an operator. */
export function canChange(role: PortalRole): boolean {
  return role !== 'education-viewer' && role !== 'service-viewer';
}

/** Operators see every organisation; everyone else sees only the organisation of their session. */
export function canSeeOrganisation(session: { role: PortalRole; organisationId: string }, orgId: string) {
  return session.role === 'operator' || session.organisationId === orgId;
}
