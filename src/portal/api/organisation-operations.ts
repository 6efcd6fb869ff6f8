import { z } from 'zod';
import { CONTACT_KINDS, organisationSchema } from '../../registry/organisation-schema.ts';
import { AUDIT_MAX_PAGE, organisationAudit } from '../commands/organisation-audit.ts';
import {
  listOrganisationPeople,
  listOrganisations,
  organisationOverview,
} from '../commands/organisation-overview.ts';
import { inviteToOrganisation, removeFromOrganisation } from '../commands/organisation-people.ts';
import { organisationRegistryOf } from '../commands/organisation-registry.ts';
import { saveContacts } from '../commands/save-contacts.ts';
import type { Principal } from '../domain/principal.ts';
import { PORTAL_ROLES } from '../domain/roles.ts';
import type { OrganisationMember } from '../store/organisation-people-store.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const timestamp = z.iso.datetime().describe('RFC 3339 time (UTC).');
const orgParams = z.object({ organisationId: z.string().min(1).max(100) });
const personParams = orgParams.extend({ personId: z.string().min(1).max(100) });

const person = z.object({
  personId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(PORTAL_ROLES),
  status: z.enum(['invited', 'active']),
  lastSignInAt: timestamp.nullable(),
});
const contact = z
  .object({
    kind: z.enum(CONTACT_KINDS),
    name: z.string().trim().min(1).max(200),
    email: z.email().max(254),
    phone: z.string().max(40).optional(),
  })
  .strict();

const toPerson = (p: OrganisationMember): z.infer<typeof person> => ({
  ...p,
  lastSignInAt: p.lastSignInAt?.toISOString() ?? null,
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/** The organisation page's operations (docs/portal.md "Organisation page", "People", "Contacts"). */
export const ORGANISATION_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}',
    operationId: 'getOrganisation',
    summary: 'The organisation as the registry holds it, its people and its accepted terms of service.',
    auth: 'principal',
    params: orgParams,
    status: 200,
    response: z.object({
      organisationId: z.string(),
      organisation: organisationSchema,
      people: z.array(person),
      acceptedTerms: z.array(
        z.object({
          version: z.string(),
          acceptedAt: timestamp,
          acceptedBy: z.string(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
        }),
      ),
    }),
    handler: async ({ deps, principal, params, ip }) => {
      const o = await organisationOverview(
        deps,
        organisationRegistryOf(deps),
        required(principal),
        params.organisationId,
        ip,
      );
      return {
        organisationId: o.organisationId,
        organisation: o.organisation,
        people: o.people.map(toPerson),
        acceptedTerms: o.acceptedTerms.map((a) => ({ ...a, acceptedAt: a.acceptedAt.toISOString() })),
      };
    },
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/contacts',
    operationId: 'saveOrganisationContacts',
    summary:
      'Replace the organisation’s contacts (main users and operators); at least one technical contact.',
    auth: 'principal',
    params: orgParams,
    body: z.object({ contacts: z.array(contact).max(30) }).strict(),
    status: 200,
    response: z.object({ changed: z.boolean() }),
    handler: ({ deps, principal, params, body, ip }) =>
      saveContacts(
        deps,
        organisationRegistryOf(deps),
        required(principal),
        params.organisationId,
        body.contacts,
        ip,
      ),
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/people',
    operationId: 'listOrganisationPeople',
    summary: 'The organisation’s people: role, invited or active, last sign-in.',
    auth: 'principal',
    params: orgParams,
    status: 200,
    response: z.object({ people: z.array(person) }),
    handler: async ({ deps, principal, params, ip }) => ({
      people: (await listOrganisationPeople(deps, required(principal), params.organisationId, ip)).map(
        toPerson,
      ),
    }),
  }),
  operation({
    method: 'post',
    path: '/organisations/{organisationId}/people',
    operationId: 'invitePerson',
    summary:
      'Invite a person by e-mail to a role of the organisation; a person with an account gets the role at once. Needs a session signed in within 10 minutes and the X-CSRF-Token header.',
    auth: 'principal',
    params: orgParams,
    body: z.object({ email: z.string().max(254), role: z.enum(PORTAL_ROLES) }).strict(),
    status: 201,
    response: z.object({ result: z.enum(['invited', 'membership-added']) }),
    handler: async ({ deps, principal, params, body, ip }) => ({
      result: (
        await inviteToOrganisation(
          deps,
          organisationRegistryOf(deps),
          required(principal),
          params.organisationId,
          body,
          ip,
        )
      ).kind,
    }),
  }),
  operation({
    method: 'delete',
    path: '/organisations/{organisationId}/people/{personId}',
    operationId: 'removePerson',
    summary: 'End a person’s memberships and invitations in the organisation; their sessions in it end.',
    auth: 'principal',
    params: personParams,
    status: 200,
    response: z.object({ removed: z.literal(true), sessionsEnded: z.number().int() }),
    handler: async ({ deps, principal, params, ip }) => ({
      removed: true as const,
      ...(await removeFromOrganisation(
        deps,
        required(principal),
        params.organisationId,
        params.personId,
        ip,
      )),
    }),
  }),
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/audit',
    operationId: 'getOrganisationAudit',
    summary: 'Registry changes (before → after) and portal events of the organisation, newest first, paged.',
    auth: 'principal',
    params: orgParams,
    query: z.object({ page: z.coerce.number().int().min(1).max(AUDIT_MAX_PAGE).default(1) }),
    status: 200,
    response: z.object({
      page: z.number().int(),
      hasMore: z.boolean(),
      entries: z.array(
        z.object({
          at: timestamp,
          who: z.string(),
          source: z.enum(['registry', 'portal']),
          action: z.string(),
          target: z.string(),
          changes: z.array(
            z.union([
              z.object({ path: z.string(), before: z.string(), after: z.string() }),
              z.object({ path: z.string(), secret: z.literal(true) }),
            ]),
          ),
        }),
      ),
    }),
    handler: async ({ deps, principal, params, query, ip }) => {
      const a = await organisationAudit(deps, required(principal), params.organisationId, query.page, ip);
      return {
        page: a.page,
        hasMore: a.hasMore,
        entries: a.entries.map(({ id: _id, ...e }) => ({ ...e, at: e.at.toISOString() })),
      };
    },
  }),
  operation({
    method: 'get',
    path: '/operator/organisations',
    operationId: 'listOrganisations',
    summary: 'Every organisation of the registry (operators only).',
    auth: 'principal',
    status: 200,
    response: z.object({
      organisations: z.array(z.object({ organisationId: z.string(), organisation: organisationSchema })),
    }),
    handler: async ({ deps, principal, ip }) => ({
      organisations: await listOrganisations(deps, organisationRegistryOf(deps), required(principal), '', ip),
    }),
  }),
];
