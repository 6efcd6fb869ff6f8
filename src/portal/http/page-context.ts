import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../../core/language.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { reauthenticate } from '../commands/reauthenticate.ts';
import type { Principal } from '../domain/principal.ts';
import type { WhoBox } from '../pages/portal-layout.tsx';
import type { PortalCookies } from './portal-cookies.ts';
import type { PortalViewer } from './portal-session.ts';

/** What every group of portal pages is registered with by portal-routes.tsx. */
export interface PortalPageContext {
  deps: () => PortalDeps;
  cookies: PortalCookies;
  whoBox: (viewer: PortalViewer, lang: Language) => Promise<WhoBox>;
  html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
}

/** The session's person, organisation and role as the commands take them. */
export function sessionPrincipal(viewer: PortalViewer): Principal {
  return {
    personId: viewer.person.id,
    email: viewer.person.email,
    displayName: viewer.person.displayName,
    organisationId: viewer.session.organisationId,
    role: viewer.session.role,
    via: 'session',
    authenticatedAt: viewer.session.authenticatedAt,
  };
}

/** The re-authentication form's password and code, checked for the session's own person. */
export function reauthenticateFromForm(deps: PortalDeps, viewer: PortalViewer, request: FastifyRequest) {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
  return reauthenticate(deps, viewer.session, {
    email: viewer.person.email,
    password: str(body.password, 256),
    code: str(body.code, 20),
    ip: request.ip,
  });
}
