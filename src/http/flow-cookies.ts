import type { FastifyReply, FastifyRequest } from 'fastify';
import { bindFlowId } from './flow-log.ts';

/**
 * Cookies of a login (docs/operations.md "Security model"). `__Host-` prefix: Secure, Path=/, no Domain.
 * The flow cookie is SameSite=None so it survives the cross-site POST back from a school's IdP; it holds
 * only an opaque random id. Browsers treat http://localhost as secure, so development works too.
 */
export const FLOW_COOKIE = '__Host-passi_flow';
export const SESSION_COOKIE = '__Host-passi_session';
/**
 * The registry id of the service the browser's last login came from (not secret). When the flow is gone,
 * the error page can still lead the user back to that service's registered address.
 */
export const LAST_SERVICE_COOKIE = '__Host-passi_service';

/** The flow id in this browser's flow cookie; from here on the request's log lines carry it. */
export function readFlowId(request: FastifyRequest): string | undefined {
  const flowId = request.cookies[FLOW_COOKIE] || undefined;
  if (flowId) bindFlowId(request, flowId);
  return flowId;
}

export function readSessionId(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE] || undefined;
}

export function setFlowCookie(
  reply: FastifyReply,
  flowId: string,
  ttlSeconds: number,
  serviceId?: string,
): void {
  bindFlowId(reply.request, flowId);
  reply.setCookie(FLOW_COOKIE, flowId, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'none',
    maxAge: ttlSeconds,
  });
  if (serviceId) {
    reply.setCookie(LAST_SERVICE_COOKIE, serviceId, {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'none',
      maxAge: 86_400,
    });
  }
}

export function readLastServiceId(request: FastifyRequest): string | undefined {
  return request.cookies[LAST_SERVICE_COOKIE] || undefined;
}

export function setSessionCookie(reply: FastifyReply, sessionId: string, ttlSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    maxAge: ttlSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
}
