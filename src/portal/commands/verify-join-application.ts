import { hashToken } from '../domain/secret-token.ts';
import type { JoinApplication } from '../store/join-application-store.ts';
import { joinMail } from './join-mail.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** Why a verification link cannot be used: each has its own page text (docs/portal.md "Joining"). */
export type JoinLinkProblem = 'unknown' | 'expired' | 'used';

export type OpenedVerification =
  | { ok: true; application: JoinApplication }
  | { ok: false; problem: JoinLinkProblem };

/** Looks a verification link up without using it (the page asks the applicant to press a button). */
export async function openJoinVerification(deps: PortalDeps, token: string): Promise<OpenedVerification> {
  const application =
    token.length > 0 && token.length <= 100
      ? await portalStores(deps.db, deps.clock).applications.byVerifyToken(hashToken(token))
      : undefined;
  if (!application) return { ok: false, problem: 'unknown' };
  if (application.status !== 'received') return { ok: false, problem: 'used' };
  if (application.verifyExpiresAt.getTime() <= deps.clock.now().getTime())
    return { ok: false, problem: 'expired' };
  return { ok: true, application };
}

/**
 * Uses a verification link once: the application becomes visible to the operators. A POST (a button on
 * the link's page), not the GET of the link itself, so a mail scanner that fetches links verifies nothing.
 */
export async function verifyJoinApplication(
  deps: PortalDeps,
  token: string,
  ip: string,
): Promise<OpenedVerification> {
  const opened = await openJoinVerification(deps, token);
  const stores = portalStores(deps.db, deps.clock);
  if (!opened.ok) {
    await stores.audit.record({
      actor: 'anonymous',
      action: 'join-verified',
      ip,
      detail: { refused: opened.problem },
    });
    return opened;
  }
  const { application } = opened;
  if (!(await stores.applications.markVerified(application.id, deps.clock.now())))
    return { ok: false, problem: 'used' };
  await stores.audit.record({
    actor: 'anonymous',
    action: 'join-verified',
    subject: application.details.contactEmail,
    ip,
    detail: { applicationId: application.id },
  });
  await deps.mailer.send({
    to: application.details.contactEmail,
    ...joinMail('verified', application.details.language, { name: application.details.name }),
  });
  return { ok: true, application: { ...application, status: 'verified' } };
}

/** The applicant's status page: by its own token, never by the verification token. */
export async function joinApplicationStatus(
  deps: PortalDeps,
  token: string,
): Promise<JoinApplication | undefined> {
  if (token.length === 0 || token.length > 100) return undefined;
  return portalStores(deps.db, deps.clock).applications.byStatusToken(hashToken(token));
}
