import type { PortalRole } from './roles.ts';

/**
 * Who makes a request, whether through a signed-in page (session) or the JSON API with a personal token:
 * the same commands serve both, and every query is scoped by `organisationId` and `role`.
 */
export interface Principal {
  personId: string;
  email: string;
  displayName: string;
  organisationId: string;
  role: PortalRole;
  via: 'session' | 'token';
  /** When the person last entered password and second factor (sessions only). */
  authenticatedAt?: Date;
}
