import { randomUUID } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { hashToken, newSecretToken } from '../domain/secret-token.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import type { ApiToken } from '../store/api-token-store.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** Recognisable prefix (secret scanners, logs): a Passi personal access token. */
export const API_TOKEN_PREFIX = 'passi_pat_';
export const API_TOKEN_MAX_DAYS = 365;

/**
 * Creates a token for the principal's own organisation and role, shown once. Needs a signed-in page with a
 * recent sign-in (a token outlives the session), never another token.
 */
export async function createApiToken(
  deps: PortalDeps,
  principal: Principal,
  input: { name: string; expiresInDays: number },
  ip: string,
): Promise<{ token: string; info: ApiToken }> {
  if (principal.via !== 'session')
    fail(ErrorCodes.PORTAL_FORBIDDEN, 'API tokens are created on a signed-in page');
  const now = deps.clock.now();
  const recent =
    principal.authenticatedAt &&
    now.getTime() - principal.authenticatedAt.getTime() <= SESSION_POLICY.recentAuthMs;
  if (!recent) fail(ErrorCodes.PORTAL_SIGN_IN_REQUIRED, 'creating an API token needs a fresh sign-in');
  const secret = `${API_TOKEN_PREFIX}${newSecretToken()}`;
  const info: ApiToken = {
    id: randomUUID(),
    personId: principal.personId,
    organisationId: principal.organisationId,
    role: principal.role,
    name: input.name,
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
    revokedAt: null,
    lastUsedAt: null,
  };
  const stores = portalStores(deps.db, deps.clock);
  await stores.apiTokens.create({ ...info, tokenHash: hashToken(secret) });
  await stores.audit.record({
    actor: principal.personId,
    action: 'api-token-created',
    organisationId: principal.organisationId,
    subject: info.id,
    ip,
    detail: { name: info.name, role: info.role, expiresAt: info.expiresAt.toISOString() },
  });
  return { token: secret, info };
}

export function listApiTokens(deps: PortalDeps, principal: Principal): Promise<ApiToken[]> {
  return portalStores(deps.db, deps.clock).apiTokens.listOwn(principal.personId, principal.organisationId);
}

export async function revokeApiToken(
  deps: PortalDeps,
  principal: Principal,
  id: string,
  ip: string,
): Promise<void> {
  const stores = portalStores(deps.db, deps.clock);
  if (!(await stores.apiTokens.revokeOwn(principal.personId, id, deps.clock.now()))) {
    fail(ErrorCodes.NOT_FOUND, 'no such active token of yours');
  }
  await stores.audit.record({
    actor: principal.personId,
    action: 'api-token-revoked',
    organisationId: principal.organisationId,
    subject: id,
    ip,
  });
}

/** The principal of a bearer token, or a 401 (audited) when it is unknown, expired, revoked or its owner inactive. */
export async function authenticateApiToken(deps: PortalDeps, bearer: string, ip: string): Promise<Principal> {
  const stores = portalStores(deps.db, deps.clock);
  const now = deps.clock.now();
  const token =
    bearer.startsWith(API_TOKEN_PREFIX) && bearer.length <= 100
      ? await stores.apiTokens.findByHash(hashToken(bearer))
      : undefined;
  const person = token ? await stores.people.findById(token.personId) : undefined;
  const problem = !token
    ? 'unknown'
    : token.revokedAt
      ? 'revoked'
      : token.expiresAt.getTime() <= now.getTime()
        ? 'expired'
        : person?.status !== 'active'
          ? 'owner-inactive'
          : undefined;
  if (problem || !token || !person) {
    await stores.audit.record({
      actor: token?.personId ?? 'anonymous',
      action: 'api-token-refused',
      organisationId: token?.organisationId,
      subject: token?.id,
      ip,
      detail: { problem },
    });
    fail(ErrorCodes.PORTAL_SIGN_IN_REQUIRED, `API token refused: ${problem}`);
  }
  await stores.apiTokens.markUsed(token.id, now);
  return {
    personId: person.id,
    email: person.email,
    displayName: person.displayName,
    organisationId: token.organisationId,
    role: token.role,
    via: 'token',
  };
}
