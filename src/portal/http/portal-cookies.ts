import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The portal's cookies. Over https they carry the `__Host-` prefix (Secure, Path=/, no Domain: RFC 6265bis
 * §4.1.3.2), so no sibling host can set or read them; over plain http (local development on another host
 * than localhost) a browser drops Secure cookies, so the plain name is used.
 */
export function portalCookies(publicUrl: string) {
  const secure = publicUrl.startsWith('https:');
  const prefix = secure ? '__Host-' : '';
  const session = `${prefix}passi_portal`;
  const form = `${prefix}passi_portal_form`;
  // Strict: the portal is never entered by a cross-site POST or a link that must carry the session.
  const options = { path: '/', secure, httpOnly: true, sameSite: 'strict' as const };
  return {
    readSession: (request: FastifyRequest): string | undefined => request.cookies[session] || undefined,
    setSession: (reply: FastifyReply, value: string, maxAgeSeconds: number) =>
      reply.setCookie(session, value, { ...options, maxAge: maxAgeSeconds }),
    clearSession: (reply: FastifyReply) => reply.clearCookie(session, options),
    readForm: (request: FastifyRequest): string | undefined => request.cookies[form] || undefined,
    setForm: (reply: FastifyReply, value: string) =>
      reply.setCookie(form, value, { ...options, maxAge: 3600 }),
  };
}

export type PortalCookies = ReturnType<typeof portalCookies>;
