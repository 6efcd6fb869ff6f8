import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SecretBox } from '../store/secret-box.ts';

/** How long a started test login may take (the request ids and reports live 15 minutes too). */
const LOGIN_COOKIE_SECONDS = 900;

const OPTIONS = { path: '/', secure: true, httpOnly: true, sameSite: 'lax' } as const;

/**
 * The cookie that binds a test login to the browser that started it. Its value is sealed with
 * AES-256-GCM under PASSI_SECRET_KEY (secret-box.ts), with the cookie's name as additional data: a value
 * changed, made up or moved from another cookie does not open. SameSite=Lax: Passi's auto-POST page is
 * on the same site, a POST from anywhere else comes without it.
 */
export function setLoginCookie(reply: FastifyReply, box: SecretBox, name: string, value: object): void {
  reply.setCookie(name, box.seal(JSON.stringify(value), `cookie:${name}`), {
    ...OPTIONS,
    maxAge: LOGIN_COOKIE_SECONDS,
  });
}

/** The cookie's value, once: it is cleared at once. Undefined when missing, changed or not JSON. */
export function takeLoginCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  box: SecretBox,
  name: string,
): Record<string, unknown> | undefined {
  const sealed = request.cookies[name];
  reply.clearCookie(name, OPTIONS);
  if (!sealed) return undefined;
  try {
    const value: unknown = JSON.parse(box.open(sealed, `cookie:${name}`));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value))
      : undefined;
  } catch {
    return undefined;
  }
}
