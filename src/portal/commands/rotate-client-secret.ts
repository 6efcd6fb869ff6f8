import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { generateClientSecret } from './client-secret.ts';
import type { PortalDeps } from './portal-deps.ts';
import { authoriseServiceChange, portalActor, serviceOf } from './service-access.ts';
import { validService } from './service-validation.ts';

/** How long the old secret keeps working after a rotation, unless the rotation says otherwise. */
export const DEFAULT_OVERLAP_DAYS = 7;
export const MAX_OVERLAP_DAYS = 30;
const DAY_MS = 86_400_000;

export interface RotatedSecret {
  /** The new secret: in this answer only, never shown again. */
  clientSecret: string;
  /** Until when the previous secret still works; null when the rotation had no overlap. */
  previousSecretExpiresAt: string | null;
}

/**
 * Gives an OIDC service a new generated secret. During the overlap (0–30 days) the token endpoint accepts
 * the previous secret too, so the service can deploy the new one without a failed login; then only the new
 * one (docs/portal.md "Client secret rotation"). A secret still in its overlap from an earlier rotation is
 * dropped: only the secret in use at the rotation is kept as the previous one.
 */
export async function rotateClientSecret(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  serviceId: string,
  overlapDays: number,
  ip: string,
): Promise<RotatedSecret> {
  const registry = await authoriseServiceChange(
    deps,
    principal,
    organisationId,
    'rotate a client secret',
    ip,
  );
  if (!Number.isInteger(overlapDays) || overlapDays < 0 || overlapDays > MAX_OVERLAP_DAYS)
    fail(ErrorCodes.REQUEST_INVALID, `the overlap must be 0–${MAX_OVERLAP_DAYS} days`);
  const entry = await serviceOf(registry, organisationId, serviceId);
  const { service } = entry;
  if (
    service.protocol !== 'oidc' ||
    !['client_secret_basic', 'client_secret_post'].includes(service.oidc.tokenEndpointAuthMethod)
  )
    fail(
      ErrorCodes.REGISTRY_CONFLICT,
      'only an OIDC service that authenticates with a client secret has one to rotate',
    );
  const now = deps.clock.now();
  const clientSecret = generateClientSecret();
  const old = entry.secrets.clientSecret;
  const expiresAt =
    old && overlapDays > 0 ? new Date(now.getTime() + overlapDays * DAY_MS).toISOString() : null;
  const doc = {
    ...service,
    clientSecret,
    ...(old && expiresAt ? { previousClientSecret: { secret: old, expiresAt } } : {}),
  };
  const snapshot = await registry.cache.current();
  await registry.repo.upsertMany(
    [{ kind: 'service', doc: validService(doc, snapshot, now) }],
    portalActor(principal),
  );
  return { clientSecret, previousSecretExpiresAt: expiresAt };
}
