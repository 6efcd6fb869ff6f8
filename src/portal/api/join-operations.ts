import { z } from 'zod';
import {
  approveApplication,
  listPendingApplications,
  rejectApplication,
} from '../commands/decide-join-application.ts';
import { JOIN_KINDS, joinApplicationSchema } from '../commands/join-application-schema.ts';
import { submitJoinApplication } from '../commands/submit-join-application.ts';
import { listTerms, publishTerms, publishTermsSchema } from '../commands/terms-of-service.ts';
import type { Principal } from '../domain/principal.ts';
import type { JoinApplication } from '../store/join-application-store.ts';
import type { TermsVersion } from '../store/terms-store.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const timestamp = z.iso.datetime().describe('RFC 3339 time (UTC).');
const idParams = z.object({ id: z.string().max(100) });

const applicationInfo = z.object({
  id: z.string(),
  status: z.enum(['received', 'verified', 'approved', 'rejected']),
  kind: z.enum(JOIN_KINDS),
  name: z.string(),
  businessId: z.string(),
  address: z.object({ street: z.string(), postalCode: z.string(), city: z.string() }),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
  personRegistries: z.array(z.string()),
  termsVersion: z.number().int(),
  confirmedOid: z.string().nullable(),
  createdAt: timestamp,
  verifiedAt: timestamp.nullable(),
});

const termsInfo = z.object({
  id: z.number().int(),
  publishedAt: timestamp,
  publishedBy: z.string(),
  sha256: z.string().describe('SHA-256 (hex) of the three texts, as acceptances record it.'),
  text: z.object({ fi: z.string(), sv: z.string(), en: z.string() }),
});

const toApplicationInfo = (a: JoinApplication): z.infer<typeof applicationInfo> => ({
  id: a.id,
  status: a.status,
  kind: a.kind,
  name: a.details.name,
  businessId: a.details.businessId,
  address: { street: a.details.street, postalCode: a.details.postalCode, city: a.details.city },
  contact: { name: a.details.contactName, email: a.details.contactEmail, phone: a.details.contactPhone },
  personRegistries: a.details.personRegistries,
  termsVersion: a.termsVersion,
  confirmedOid: a.confirmedOid,
  createdAt: a.createdAt.toISOString(),
  verifiedAt: a.verifiedAt?.toISOString() ?? null,
});

const toTermsInfo = (v: TermsVersion): z.infer<typeof termsInfo> => ({
  id: v.id,
  publishedAt: v.publishedAt.toISOString(),
  publishedBy: v.publishedBy,
  sha256: v.sha256,
  text: v.text,
});

function required(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('operation with auth "principal" reached without a principal');
  return principal;
}

/** Joining Passi and the terms of service (docs/portal.md "Joining", "Terms of service"). */
export const JOIN_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'post',
    path: '/join/applications',
    operationId: 'submitJoinApplication',
    summary:
      'Apply to join Passi (no sign-in; the same command as the join form). The contact person gets an e-mail with a verification link; only verified applications reach the operator. Rate-limited per client address.',
    auth: 'none',
    body: joinApplicationSchema,
    status: 201,
    response: z.object({ id: z.string(), status: z.literal('received') }),
    handler: async ({ deps, body, ip }) => {
      const { id } = await submitJoinApplication(deps, body, ip);
      return { id, status: 'received' as const };
    },
  }),
  operation({
    method: 'get',
    path: '/operator/applications',
    operationId: 'listJoinApplications',
    summary: 'Operators: the verified applications waiting for a decision, oldest first.',
    auth: 'principal',
    status: 200,
    response: z.object({ applications: z.array(applicationInfo) }),
    handler: async ({ deps, principal, ip }) => ({
      applications: (await listPendingApplications(deps, required(principal), ip)).map(toApplicationInfo),
    }),
  }),
  operation({
    method: 'post',
    path: '/operator/applications/{id}/approve',
    operationId: 'approveJoinApplication',
    summary:
      'Operators: approve — creates the organisation in the registry, records the terms acceptance against it and invites the contact person as main user, in one transaction.',
    auth: 'principal',
    params: idParams,
    body: z
      .object({
        organisationOid: z
          .string()
          .max(40)
          .optional()
          .describe('The OPH organisation OID; defaults to the one the applicant confirmed.'),
      })
      .strict(),
    status: 200,
    response: z.object({
      organisationId: z.string(),
      invitationExpiresAt: timestamp
        .optional()
        .describe('Absent when the contact already had an account and was given the role at once.'),
    }),
    handler: async ({ deps, principal, params, body, ip }) => {
      const r = await approveApplication(
        deps,
        required(principal),
        { id: params.id, organisationOid: body.organisationOid },
        ip,
      );
      return {
        organisationId: r.organisationId,
        ...(r.invitationExpiresAt ? { invitationExpiresAt: r.invitationExpiresAt.toISOString() } : {}),
      };
    },
  }),
  operation({
    method: 'post',
    path: '/operator/applications/{id}/reject',
    operationId: 'rejectJoinApplication',
    summary:
      'Operators: reject with a reason, which is e-mailed to the applicant and shown on the status page.',
    auth: 'principal',
    params: idParams,
    body: z.object({ reason: z.string().trim().min(1).max(2000) }).strict(),
    status: 200,
    response: z.object({ rejected: z.literal(true) }),
    handler: async ({ deps, principal, params, body, ip }) => {
      await rejectApplication(deps, required(principal), { id: params.id, reason: body.reason }, ip);
      return { rejected: true as const };
    },
  }),
  operation({
    method: 'get',
    path: '/operator/terms',
    operationId: 'listTermsVersions',
    summary: 'Operators: the published terms of service versions, newest (current) first.',
    auth: 'principal',
    status: 200,
    response: z.object({ versions: z.array(termsInfo) }),
    handler: async ({ deps, principal, ip }) => ({
      versions: (await listTerms(deps, required(principal), ip)).map(toTermsInfo),
    }),
  }),
  operation({
    method: 'post',
    path: '/operator/terms',
    operationId: 'publishTermsVersion',
    summary: 'Operators: publish a new terms of service version; it becomes the current one.',
    auth: 'principal',
    body: publishTermsSchema,
    status: 201,
    response: termsInfo,
    handler: async ({ deps, principal, body, ip }) =>
      toTermsInfo(await publishTerms(deps, required(principal), body, ip)),
  }),
];
