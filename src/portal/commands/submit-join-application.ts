import { randomUUID } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail } from '../../core/errors.ts';
import { hashToken, newSecretToken } from '../domain/secret-token.ts';
import type { JoinApplicationInput } from './join-application-schema.ts';
import { joinMail } from './join-mail.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

export const JOIN_PATH = '/portal/join';
export const JOIN_VERIFY_PATH = '/portal/join/verify';
export const JOIN_STATUS_PATH = '/portal/join/status';

/** Limits of the public join form (docs/portal.md "Joining"). */
export const JOIN_POLICY = {
  /** The e-mail verification link, like an invitation: 72 hours, once. */
  verifyTtlMs: 72 * 3_600_000,
  /** Applications stored per client address per window: a form without sign-in must not fill the store. */
  perClient: 10,
  windowMs: 3_600_000,
} as const;

/**
 * Stores a valid application (the caller validated it with joinApplicationSchema) with the acceptance of
 * the current terms, then e-mails the contact person a single-use verification link (token stored only
 * as its hash) and the status page's own link. Refused when the client address sent JOIN_POLICY.perClient
 * applications within the window (counted from the audit trail, so every node agrees), and when no terms
 * are published or the accepted version is not the current one.
 */
export async function submitJoinApplication(
  deps: PortalDeps,
  input: JoinApplicationInput,
  ip: string,
): Promise<{ id: string; statusLink: string; verifyLink: string }> {
  const stores = portalStores(deps.db, deps.clock);
  const now = deps.clock.now();
  const recent = await stores.audit.countSince(
    'join-submitted',
    { ip },
    new Date(now.getTime() - JOIN_POLICY.windowMs),
  );
  if (recent >= JOIN_POLICY.perClient) fail(ErrorCodes.RATE_LIMITED, `${recent} applications from ${ip}`);
  const terms = await stores.terms.current();
  if (!terms) fail(ErrorCodes.PORTAL_JOIN_CLOSED, 'no terms of service are published');
  ensure(
    input.termsVersion === terms.id,
    ErrorCodes.REQUEST_INVALID,
    `terms version ${input.termsVersion} is not the current version ${terms.id}`,
  );

  const id = randomUUID();
  const verifyToken = newSecretToken();
  const statusToken = newSecretToken();
  const details = {
    name: input.name,
    street: input.street,
    postalCode: input.postalCode,
    city: input.city,
    businessId: input.businessId,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone,
    personRegistries: input.kind === 'service' ? [] : input.personRegistries,
    language: input.language,
  };
  await deps.db.transaction().execute(async (tx) => {
    const s = portalStores(tx, deps.clock);
    await s.applications.create(
      {
        id,
        kind: input.kind,
        details,
        confirmedOid: input.organisationOid,
        termsVersion: terms.id,
        verifyTokenHash: hashToken(verifyToken),
        verifyExpiresAt: new Date(now.getTime() + JOIN_POLICY.verifyTtlMs),
        statusTokenHash: hashToken(statusToken),
        ip,
        createdAt: now,
      },
      tx,
    );
    await s.terms.recordAcceptance(
      { termsVersion: terms.id, sha256: terms.sha256, email: input.contactEmail, at: now, applicationId: id },
      tx,
    );
    await s.audit.record(
      {
        actor: 'anonymous',
        action: 'join-submitted',
        subject: input.contactEmail,
        ip,
        detail: { applicationId: id, kind: input.kind, businessId: input.businessId, terms: terms.id },
      },
      tx,
    );
  });
  const verifyLink = `${deps.publicUrl}${JOIN_VERIFY_PATH}?token=${verifyToken}`;
  const statusLink = `${deps.publicUrl}${JOIN_STATUS_PATH}?token=${statusToken}`;
  await deps.mailer.send({
    to: input.contactEmail,
    ...joinMail('received', input.language, { name: input.name, status: statusLink, verify: verifyLink }),
    link: verifyLink,
  });
  return { id, statusLink, verifyLink };
}
