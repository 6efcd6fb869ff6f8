import { Gauge, type Registry } from 'prom-client';
import type { PassiKey } from '../../keys/key-store.ts';
import { PENDING_LOGIN_ROWS_LIMIT } from '../../store/state/login-rows-write-behind.ts';
import { MEMORY_FLOW_LIMIT } from '../../store/state/memory-flow-store.ts';
import { MEMORY_OIDC_ARTIFACT_LIMIT } from '../../store/state/memory-oidc-artifacts.ts';
import { MEMORY_REPLAY_LIMIT } from '../../store/state/memory-replay-cache.ts';
import { OIDC_ARTIFACT_CACHE_LIMIT } from '../../store/state/oidc-artifact-cache.ts';
import { PENDING_OIDC_ROWS_LIMIT } from '../../store/state/oidc-artifact-write-behind.ts';
import type { IdpMetadataStatus } from '../../upstream/saml/idp-metadata-store.ts';

const DAY_MS = 86_400_000;

/** What the gauges read at each scrape; undefined while Passi is starting. */
export interface GaugeSources {
  now: () => Date;
  /** Passi's own keys (signing, decryption), with their certificates' expiry. */
  keys: () => readonly PassiKey[] | undefined;
  /** The SAML integrations' stored metadata status (read-only), one per integration known to the registry. */
  idpMetadata: () => Promise<readonly IdpMetadataStatus[]>;
  /** Login state kept in memory (embedded store); undefined when it is in the store. */
  memoryState?: () => Readonly<Record<string, number>> | undefined;
}

/**
 * Gauges computed when scraped: days until Passi's own certificates and the schools' IdP signing
 * certificates expire, and the age and refresh state of each school's stored SAML metadata
 * (docs/operations.md "Integrations: what schools configure, what expires"). Integration labels are
 * registry ids only, so one series per SAML integration.
 */
export function registerStoreGauges(registry: Registry, sources: GaugeSources): void {
  const registers = [registry];
  new Gauge({
    name: 'passi_certificate_days_to_expiry',
    help: "Days until a certificate of Passi's own keys expires, by use (saml-sig, saml-enc, oidc-sig), algorithm and state (next, active, retired).",
    labelNames: ['use', 'alg', 'state'] as const,
    registers,
    collect() {
      this.reset();
      const now = sources.now().getTime();
      const soonest = new Map<string, { labels: Record<'use' | 'alg' | 'state', string>; days: number }>();
      for (const key of sources.keys() ?? []) {
        const labels = { use: key.use, alg: key.alg, state: key.state };
        const id = `${key.use}|${key.alg}|${key.state}`;
        const days = (key.notAfter.getTime() - now) / DAY_MS;
        const seen = soonest.get(id);
        if (!seen || days < seen.days) soonest.set(id, { labels, days });
      }
      for (const { labels, days } of soonest.values()) this.set(labels, days);
    },
  });

  new Gauge({
    name: 'passi_memory_state_entries',
    help: `Logins in progress (flows, at most ${MEMORY_FLOW_LIMIT}), single-use ids (replay: the school answers', at most ${MEMORY_REPLAY_LIMIT}; replay_stored: the others, also written to the store, at most ${MEMORY_REPLAY_LIMIT}) and oidc-provider interactions and authorization codes (oidc_interaction, oidc_authorization_code, at most ${MEMORY_OIDC_ARTIFACT_LIMIT} each) this node keeps in memory on the embedded store; a new login is refused with 503 at a bound. oidc_cached_rows: the copy of the other OIDC rows (at most ${OIDC_ARTIFACT_CACHE_LIMIT}; past it rows are read from the store). login_rows_waiting, oidc_rows_waiting: rows written behind the logins that have not reached the store yet (at most ${PENDING_LOGIN_ROWS_LIMIT} and ${PENDING_OIDC_ROWS_LIMIT}; a new login is refused with 503 at a bound).`,
    labelNames: ['kind'] as const,
    registers,
    collect() {
      this.reset();
      const state = sources.memoryState?.();
      if (!state) return;
      for (const [kind, entries] of Object.entries(state)) this.set({ kind }, entries);
    },
  });

  // One read of the stored metadata per scrape feeds the three IdP gauges.
  let pending: Promise<readonly IdpMetadataStatus[]> | undefined;
  const statuses = (): Promise<readonly IdpMetadataStatus[]> => {
    pending ??= sources
      .idpMetadata()
      .catch(() => [])
      .finally(() => {
        setImmediate(() => {
          pending = undefined;
        });
      });
    return pending;
  };
  new Gauge({
    name: 'passi_idp_certificate_days_to_expiry',
    help: "Days until the first of a school IdP's signing certificates (from its stored SAML metadata) expires, by integration.",
    labelNames: ['integration'] as const,
    registers,
    async collect() {
      this.reset();
      const now = sources.now().getTime();
      for (const s of await statuses()) {
        if (s.certificatesNotAfter)
          this.set({ integration: s.integrationId }, (s.certificatesNotAfter.getTime() - now) / DAY_MS);
      }
    },
  });
  new Gauge({
    name: 'passi_idp_metadata_age_seconds',
    help: "Seconds since a school IdP's SAML metadata was last fetched successfully, by integration.",
    labelNames: ['integration'] as const,
    registers,
    async collect() {
      this.reset();
      const now = sources.now().getTime();
      for (const s of await statuses())
        this.set({ integration: s.integrationId }, (now - s.fetchedAt.getTime()) / 1000);
    },
  });
  new Gauge({
    name: 'passi_idp_metadata_refresh_failing',
    help: "1 when the last refresh of a school IdP's SAML metadata failed (the last good copy is used), else 0, by integration.",
    labelNames: ['integration'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of await statuses()) this.set({ integration: s.integrationId }, s.lastError ? 1 : 0);
    },
  });
}
