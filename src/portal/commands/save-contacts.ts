import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, ValidationError } from '../../core/errors.ts';
import { type ContactKind, organisationSchema } from '../../registry/organisation-schema.ts';
import type { Principal } from '../domain/principal.ts';
import { authoriseOrganisation } from './organisation-access.ts';
import { type OrganisationRegistry, organisationOf } from './organisation-registry.ts';
import type { PortalDeps } from './portal-deps.ts';

export interface ContactInput {
  kind: ContactKind;
  name: string;
  email: string;
  phone?: string;
}

/**
 * Replaces the organisation's contacts. At least one technical contact is required: Passi needs someone
 * to reach about certificates and outages. Saved through the registry repository, so audit_log keeps
 * before → after and every node picks the change up (docs/portal.md "Contacts").
 */
export async function saveContacts(
  deps: PortalDeps,
  registry: OrganisationRegistry,
  principal: Principal,
  organisationId: string,
  contacts: ContactInput[],
  ip: string,
): Promise<{ changed: boolean }> {
  await authoriseOrganisation(deps, principal, organisationId, { what: 'change contacts', change: true }, ip);
  const current = await organisationOf(registry, organisationId);
  const cleaned = contacts.map((c) => ({
    kind: c.kind,
    name: c.name.trim(),
    email: c.email.trim().toLowerCase(),
    ...(c.phone?.trim() ? { phone: c.phone.trim() } : {}),
  }));
  const parsed = organisationSchema.safeParse({ ...current, contacts: cleaned });
  if (!parsed.success) {
    throw new ValidationError(
      ErrorCodes.REQUEST_INVALID,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      'contacts',
    );
  }
  if (!cleaned.some((c) => c.kind === 'technical')) {
    fail(ErrorCodes.PORTAL_TECHNICAL_CONTACT_REQUIRED, 'at least one technical contact is required');
  }
  const { changed } = await registry.repo.upsertMany(
    [{ kind: 'organisation', doc: parsed.data }],
    `portal:${principal.email}`,
  );
  return { changed: changed > 0 };
}
