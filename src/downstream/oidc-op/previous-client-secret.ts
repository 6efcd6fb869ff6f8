import type Provider from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import { constantTimeEqual } from '../../core/constant-time-equal.ts';
import type { RegistryCache } from '../../registry/registry-snapshot.ts';

/**
 * Whether `presented` is the client's previous secret and its overlap has not ended (docs/portal.md
 * "Client secret rotation"): the sealed secrets keep `previousClientSecret` and
 * `previousClientSecretExpiresAt` after a rotation, so a relying party can switch without a failed login.
 */
export function previousSecretAccepted(
  secrets: Readonly<Record<string, string>> | undefined,
  presented: unknown,
  now: Date,
): boolean {
  const previous = secrets?.previousClientSecret;
  const until = Date.parse(secrets?.previousClientSecretExpiresAt ?? '');
  if (!previous || typeof presented !== 'string' || Number.isNaN(until) || now.getTime() >= until)
    return false;
  return constantTimeEqual(previous, presented);
}

/**
 * oidc-provider holds one `client_secret` per client; its client authentication (lib/shared/client_auth.js,
 * client_secret_basic and client_secret_post) asks the client model `compareClientSecret(presented)` and
 * nothing else. This wraps that one method on this provider's own Client class: the current secret as
 * before, else the previous secret during its overlap. Nothing else about the client changes, and the
 * previous secret never enters oidc-provider's client metadata.
 */
export function acceptPreviousClientSecret(
  provider: Provider,
  deps: { registry: RegistryCache; clock: Clock },
): void {
  const model = provider.Client.prototype;
  const current = model.compareClientSecret;
  model.compareClientSecret = async function (this: typeof model, presented: unknown): Promise<boolean> {
    if (await current.call(this, presented)) return true;
    const entry = (await deps.registry.current()).servicesByClientId.get(this.clientId);
    return previousSecretAccepted(entry?.secrets, presented, deps.clock.now());
  };
}
