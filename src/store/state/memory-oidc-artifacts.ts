import type { Adapter, AdapterPayload } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Clock } from '../../core/clock.ts';
import { createExpiringEntries, type ExpiringEntries } from './expiring-entries.ts';

/**
 * oidc-provider's models that live only while one login is in progress: the interaction (at most
 * 10 minutes, oidc-ttl.ts) and the authorization code (60 s, redeemed at once). Everything else — the OP
 * session, grants, access tokens, released accounts — must outlive a restart and stays in the store.
 */
export const MEMORY_OIDC_MODELS = ['Interaction', 'AuthorizationCode'] as const;
export type MemoryOidcModel = (typeof MEMORY_OIDC_MODELS)[number];

/** Per model. At the 10-minute interaction lifetime, about 80 new OIDC logins a second sustained. */
export const MEMORY_OIDC_ARTIFACT_LIMIT = 50_000;

const FALLBACK_TTL_SECONDS = 86_400;

interface Artifact {
  /** The payload as JSON text, so a caller's later change to its object is not seen (as with a row). */
  json: string;
  grantId: string | undefined;
  /** Seconds since the epoch, as oidc-provider reads `consumed` (models/mixins/consumable.js). */
  consumedAt: number | undefined;
}

/** The two short-lived oidc-provider models in this process's memory, for the embedded store. */
export interface MemoryOidcArtifacts {
  /** The memory adapter for a short-lived model, or undefined for a model that stays in the store. */
  adapterFor(model: string, stored: Pick<Adapter, 'revokeByGrantId'>): Adapter | undefined;
  /** Entries held per model (expired ones may be counted until the next sweep). */
  sizes(): Record<MemoryOidcModel, number>;
}

function isMemoryModel(model: string): model is MemoryOidcModel {
  return (MEMORY_OIDC_MODELS as readonly string[]).includes(model);
}

/**
 * The embedded store serves exactly one node (docs/performance.md "Short-lived state in memory"), so the
 * OIDC side of a login in progress is kept here like the SAML flows: bounded, with expiry, never evicting
 * entries already held (a new one is refused with PASSI_STATE_FULL, 503). A restart loses them: an
 * interaction then finds nothing and the person starts again; a code not yet redeemed is refused with
 * invalid_grant, as a lost flow refuses a school's answer.
 */
export function createMemoryOidcArtifacts(
  clock: Clock,
  maxPerModel = MEMORY_OIDC_ARTIFACT_LIMIT,
): MemoryOidcArtifacts {
  const now = () => clock.now().getTime();
  const byModel: Record<MemoryOidcModel, ExpiringEntries<Artifact>> = {
    Interaction: createExpiringEntries({ maxEntries: maxPerModel, now }),
    AuthorizationCode: createExpiringEntries({ maxEntries: maxPerModel, now }),
  };
  const revokeInMemory = (grantId: string) => {
    for (const entries of Object.values(byModel)) entries.removeWhere((a) => a.grantId === grantId);
  };
  return {
    adapterFor(model, stored) {
      if (!isMemoryModel(model)) return undefined;
      return memoryAdapter(byModel[model], now, async (grantId) => {
        revokeInMemory(grantId);
        await stored.revokeByGrantId(grantId);
      });
    },
    sizes: () => ({
      Interaction: byModel.Interaction.size(),
      AuthorizationCode: byModel.AuthorizationCode.size(),
    }),
  };
}

function memoryAdapter(
  entries: ExpiringEntries<Artifact>,
  now: () => number,
  revokeByGrantId: (grantId: string) => Promise<void>,
): Adapter {
  const read = (artifact: Artifact | undefined): AdapterPayload | undefined => {
    if (!artifact) return undefined;
    const payload: AdapterPayload = JSON.parse(artifact.json);
    if (artifact.consumedAt !== undefined) payload.consumed = artifact.consumedAt;
    return payload;
  };
  return {
    async upsert(id, payload, expiresIn) {
      const held = entries.take(id);
      const artifact: Artifact = {
        json: JSON.stringify(payload),
        grantId: typeof payload.grantId === 'string' ? payload.grantId : undefined,
        // As the store's upsert: saving again does not undo a consumption.
        consumedAt: held?.consumedAt,
      };
      entries.add(id, artifact, now() + (expiresIn ?? FALLBACK_TTL_SECONDS) * 1000);
    },
    async find(id) {
      return read(entries.get(id));
    },
    // oidc-provider looks up only Session by uid and DeviceCode by user code; neither is kept here.
    async findByUid() {
      return undefined;
    },
    async findByUserCode() {
      return undefined;
    },
    /**
     * Single use (RFC 6749 §4.1.2): marks the code consumed, so a later find says so and oidc-provider
     * revokes the grant on reuse. A second consume (two redemptions racing past oidc-provider's own check)
     * fails with invalid_grant and revokes the grant, as the store's adapter does.
     */
    async consume(id) {
      const artifact = entries.get(id);
      if (artifact && artifact.consumedAt === undefined) {
        entries.replace(id, { ...artifact, consumedAt: Math.floor(now() / 1000) });
        return;
      }
      if (artifact?.grantId) await revokeByGrantId(artifact.grantId);
      throw new errors.InvalidGrant('grant already consumed');
    },
    async destroy(id) {
      entries.take(id);
    },
    revokeByGrantId,
  };
}
