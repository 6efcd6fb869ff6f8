import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { type PortalDeps, portalStores } from '../commands/portal-deps.ts';
import { canChange, canSeeOrganisation } from '../domain/roles.ts';
import { hashToken, newSecretToken, sameSecret } from '../domain/secret-token.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import type { PortalPerson } from '../store/people-store.ts';
import type { PortalSession } from '../store/session-store.ts';
import type { PortalCookies } from './portal-cookies.ts';

/** The signed-in person and the organisation and role of this session: every page shows these. */
export interface PortalViewer {
  session: PortalSession;
  person: PortalPerson;
}

/** Hidden form field and API header carrying the CSRF token. */
export const CSRF_FIELD = 'csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type SessionLookup = { viewer: PortalViewer } | { viewer: undefined; ended: boolean };

/**
 * The session of a request, if any, after the idle (30 min) and absolute (12 h) limits (OWASP Session
 * Management Cheat Sheet "Session Expiration"). An ended session is removed and audited; `ended` lets the
 * sign-in page say why the person has to sign in again.
 */
export async function lookUpSession(
  deps: PortalDeps,
  cookies: PortalCookies,
  request: FastifyRequest,
): Promise<SessionLookup> {
  const token = cookies.readSession(request);
  if (!token || token.length > 100) return { viewer: undefined, ended: false };
  const stores = portalStores(deps.db, deps.clock);
  const session = await stores.sessions.find(hashToken(token));
  if (!session) return { viewer: undefined, ended: true };
  const now = deps.clock.now().getTime();
  const idle = now - session.lastSeenAt.getTime() > SESSION_POLICY.idleMs;
  const over = now >= session.expiresAt.getTime();
  const person = await stores.people.findById(session.personId);
  if (idle || over || !person || person.status !== 'active') {
    await stores.sessions.remove(session.idHash);
    await stores.audit.record({
      actor: session.personId,
      action: 'session-expired',
      organisationId: session.organisationId,
      ip: request.ip,
      detail: { why: idle ? 'idle' : over ? 'absolute' : 'person-inactive' },
    });
    return { viewer: undefined, ended: true };
  }
  // Written at most once a minute: a page full of requests need not write each time.
  if (now - session.lastSeenAt.getTime() > 60_000) await stores.sessions.touch(session.idHash, new Date(now));
  return { viewer: { session, person } };
}

/** Refuses a POST made with a session unless it carries the session's CSRF token (synchroniser token). */
export function checkCsrf(viewer: PortalViewer, given: unknown): void {
  if (typeof given !== 'string' || !sameSecret(given, viewer.session.csrfToken)) {
    fail(ErrorCodes.FORM_TOKEN_INVALID, 'missing or wrong CSRF token');
  }
}

/**
 * CSRF protection for the forms used before a session exists (sign-in, invitation): a double-submit
 * cookie (OWASP CSRF Prevention Cheat Sheet), so another site cannot sign a browser in to its own account.
 */
export function preAuthFormToken(
  cookies: PortalCookies,
  request: FastifyRequest,
  reply: FastifyReply,
): string {
  const existing = cookies.readForm(request);
  if (existing && existing.length <= 100) return existing;
  const fresh = newSecretToken();
  cookies.setForm(reply, fresh);
  return fresh;
}

export function checkPreAuthFormToken(cookies: PortalCookies, request: FastifyRequest, given: unknown): void {
  const expected = cookies.readForm(request);
  if (!expected || typeof given !== 'string' || !sameSecret(given, expected)) {
    fail(ErrorCodes.FORM_TOKEN_INVALID, 'missing or wrong form token');
  }
}

/**
 * Every change goes through here: viewers are refused (403, nothing changes) and so is any organisation
 * other than the session's own; refusals are audited.
 */
export async function authoriseChange(
  deps: PortalDeps,
  viewer: PortalViewer,
  organisationId: string,
  what: string,
  ip: string,
): Promise<void> {
  const ok = canChange(viewer.session.role) && canSeeOrganisation(viewer.session, organisationId);
  if (ok) return;
  await portalStores(deps.db, deps.clock).audit.record({
    actor: viewer.person.id,
    action: 'access-refused',
    organisationId: viewer.session.organisationId,
    subject: organisationId,
    ip,
    detail: { what, role: viewer.session.role },
  });
  fail(ErrorCodes.PORTAL_FORBIDDEN, `${viewer.session.role} may not ${what} for ${organisationId}`);
}
