/**
 * School IdP metadata, kept in the store (docs/integrations/saml.md): fetched from the
 * integration's URL (or taken from its uploaded XML), validated, stored as the last good copy, and
 * refreshed on a schedule honouring `validUntil` and `cacheDuration`. A failed refresh keeps the copy
 * and records the error. The login path only reads the store (`current`) and never fetches the network;
 * uploaded XML is validated on first use without any fetch.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { UpstreamIntegration } from '../../core/flow/ports.ts';
import { createOutboundClient } from '../../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../../outbound/outbound-limits.ts';
import { type IdpMetadata, metadataDigest, readIdpMetadata } from '../../protocols/saml/read-idp-metadata.ts';
import type { Database, Db } from '../../store/database.ts';
import {
  type MetadataSource,
  metadataSourceKey,
  type SamlSpSettings,
  samlSpSettings,
} from './saml-sp-settings.ts';

export const METADATA_UNAVAILABLE = ErrorCodes.UPSTREAM_METADATA_UNAVAILABLE;

/**
 * Notified at every change to the stored copies (a trigger on the table: migration 0990), so every node
 * drops the login columns it keeps in memory (docs/performance.md "School metadata from memory").
 */
export const UPSTREAM_METADATA_CHANNEL = 'passi_upstream_metadata';

/** What the SP needs at login time, from the stored copy. */
export interface StoredIdpMetadata {
  entityId: string;
  signingCertificatesPem: string[];
  /** The same certificates' public keys, parsed once per metadata load (not per login). */
  signingKeys: readonly KeyObject[];
  ssoRedirectUrl: string | undefined;
  ssoPostUrl: string | undefined;
  validUntil: Date | undefined;
}

/** For warnings (portal, operations): when the metadata and its certificates expire, the last error. */
export interface IdpMetadataStatus {
  integrationId: string;
  source: string;
  entityId: string;
  fingerprints: string[];
  validUntil: Date | undefined;
  certificatesNotAfter: Date | undefined;
  fetchedAt: Date;
  refreshAfter: Date;
  lastAttemptAt: Date | undefined;
  lastError: string | undefined;
  /** When a refresh of the same source last brought other signing certificates. */
  certificatesChangedAt: Date | undefined;
  /** The fingerprints that change replaced. */
  previousFingerprints: string[] | undefined;
}

export interface IdpMetadataStoreDeps {
  db: Db;
  clock: Clock;
  fetch?: typeof fetch;
  /** Per-fetch timeout; default OUTBOUND_LIMITS.idpMetadata (10 s). */
  timeoutMs?: number;
  /** Retry delay after a failed refresh; default 15 min. */
  retryAfterMs?: number;
  /** Where a changed signing certificate is reported (the node's logger). */
  log?: { warn(detail: Record<string, unknown>, message: string): void };
}

const MIN_REFRESH_MS = 5 * 60_000;

const LOGIN_COLUMNS = [
  'integration_id',
  'source',
  'entity_id',
  'signing_certificates',
  'sso_redirect_url',
  'sso_post_url',
  'valid_until',
] as const;

export function createIdpMetadataStore(deps: IdpMetadataStoreDeps) {
  // Timeout, size cap (the reader's MAX_METADATA_BYTES), refused redirects: the outbound client
  // (docs/architecture.md "Outbound HTTP").
  const outbound = createOutboundClient({
    peer: 'the school IdP metadata address',
    limits: {
      timeoutMs: deps.timeoutMs ?? OUTBOUND_LIMITS.idpMetadata.timeoutMs,
      maxBytes: OUTBOUND_LIMITS.idpMetadata.maxBytes,
    },
    fetch: deps.fetch,
  });
  const retryAfterMs = deps.retryAfterMs ?? 15 * 60_000;

  // Parsing a certificate costs several times an RSA verification; a login reuses the keys parsed when
  // this node first read the stored copy, and parses again only when a load brings other certificates.
  const parsedKeys = new Map<string, { certificates: string; keys: readonly KeyObject[] }>();
  const signingKeysOf = (integrationId: string, certificatesPem: readonly string[]) => {
    const certificates = certificatesPem.join('\n');
    const cached = parsedKeys.get(integrationId);
    if (cached?.certificates === certificates) return cached.keys;
    const keys = Object.freeze(certificatesPem.map((pem) => createPublicKey(pem)));
    parsedKeys.set(integrationId, { certificates, keys });
    return keys;
  };

  // The login columns of each stored copy, kept in memory while this node hears every change: a login
  // would otherwise read the store twice (the school's SSO address, then its keys). Trusted only while
  // `listening` (the embedded store at once: this process is its only writer; PostgreSQL while the LISTEN
  // connection is up). A read that began before an invalidation is not kept (`generation`), so a copy
  // replaced meanwhile is never cached over its successor.
  const loginRows = new Map<string, LoginRow>();
  let listening = false;
  let generation = 0;
  const invalidate = () => {
    generation++;
    loginRows.clear();
  };

  // An uploaded copy's key is the digest of its XML (up to 2 MB): computed once per settings object
  // (samlSpSettings shares one per registry snapshot), not twice per login.
  const sourceKeys = new WeakMap<MetadataSource, string>();
  const sourceKeyOf = (source: MetadataSource): string => {
    let key = sourceKeys.get(source);
    if (key === undefined) {
      key = metadataSourceKey(source, metadataDigest);
      sourceKeys.set(source, key);
    }
    return key;
  };

  const validate = (xml: string, settings: SamlSpSettings): IdpMetadata =>
    readIdpMetadata(xml, { now: deps.clock.now(), expectedEntityId: settings.entityId });

  const nextRefresh = (md: IdpMetadata, settings: SamlSpSettings): Date => {
    const now = deps.clock.now().getTime();
    let ms = settings.metadataRefreshHours * 3_600_000;
    if (md.cacheDurationSeconds !== undefined) ms = Math.min(ms, md.cacheDurationSeconds * 1000);
    // Re-read well before validUntil, so a renewed copy replaces it in time.
    if (md.validUntil !== undefined) ms = Math.min(ms, (md.validUntil.getTime() - now) / 2);
    return new Date(now + Math.max(MIN_REFRESH_MS, ms));
  };

  const save = async (
    integrationId: string,
    source: string,
    xml: string,
    md: IdpMetadata,
    settings: SamlSpSettings,
  ) => {
    const now = deps.clock.now();
    const stored = await deps.db
      .selectFrom('upstream_metadata')
      .select(['source', 'fingerprints', 'certificates_changed_at', 'previous_fingerprints'])
      .where('integration_id', '=', integrationId)
      .executeTakeFirst();
    // A school's signing key changing under the same address is either its key rollover or someone who
    // took over the address: recorded and logged so an operator can tell which. A new source is the
    // operator's own import, not a change at a refresh.
    const changed =
      stored !== undefined && stored.source === source && !sameSet(stored.fingerprints, md.fingerprints);
    if (changed) {
      deps.log?.warn(
        { integrationId, before: stored.fingerprints, after: md.fingerprints },
        "the school IdP's signing certificates changed at a metadata refresh",
      );
    }
    const keepChange = stored !== undefined && stored.source === source;
    const row = {
      integration_id: integrationId,
      source,
      xml,
      entity_id: md.entityId,
      sso_redirect_url: md.ssoRedirectUrl ?? null,
      sso_post_url: md.ssoPostUrl ?? null,
      signing_certificates: JSON.stringify(md.signingCertificatesPem),
      fingerprints: JSON.stringify(md.fingerprints),
      valid_until: md.validUntil ?? null,
      certificates_not_after: md.certificatesNotAfter ?? null,
      fetched_at: now,
      refresh_after: nextRefresh(md, settings),
      last_attempt_at: now,
      last_error: null,
      certificates_changed_at: changed ? now : keepChange ? (stored.certificates_changed_at ?? null) : null,
      previous_fingerprints: changed
        ? JSON.stringify(stored.fingerprints)
        : keepChange && stored.previous_fingerprints
          ? JSON.stringify(stored.previous_fingerprints)
          : null,
    };
    await deps.db
      .insertInto('upstream_metadata')
      .values(row)
      .onConflict((oc) => oc.column('integration_id').doUpdateSet(row))
      .execute();
    // The table's trigger notifies every node (this one too, a moment later); this node's next login must
    // not wait for that.
    invalidate();
  };

  const fetchXml = async (url: string): Promise<string> => {
    const res = await outbound.send(url, {
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
    if (!res.ok) throw outbound.statusError(res, `HTTP ${res.status} from ${new URL(url).origin}`);
    return res.text();
  };

  /** Fetches (or re-validates the uploaded XML) and stores it; on failure keeps the last good copy. */
  const refresh = async (
    integration: Pick<UpstreamIntegration, 'id' | 'type' | 'settings'>,
  ): Promise<void> => {
    const settings = samlSpSettings(integration);
    const source = sourceKeyOf(settings.metadata);
    try {
      const xml =
        settings.metadata.kind === 'xml' ? settings.metadata.xml : await fetchXml(settings.metadata.url);
      await save(integration.id, source, xml, validate(xml, settings), settings);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const now = deps.clock.now();
      await deps.db
        .updateTable('upstream_metadata')
        .set({
          last_attempt_at: now,
          last_error: message.slice(0, 1000),
          refresh_after: new Date(now.getTime() + retryAfterMs),
        })
        .where('integration_id', '=', integration.id)
        .execute();
      throw e;
    }
  };

  return {
    refresh,

    /** A change notification arrived (or may have been missed): the next login reads the store. */
    invalidate,

    /** Whether change notifications reach this node; while they do not, every login reads the store. */
    setListening(state: boolean) {
      listening = state;
      invalidate();
    },

    /** Refreshes every integration whose copy is missing, from another source, or due. Returns the failures. */
    async refreshDue(
      integrations: readonly Pick<UpstreamIntegration, 'id' | 'type' | 'settings'>[],
    ): Promise<{ integrationId: string; error: string }[]> {
      const rows = await deps.db
        .selectFrom('upstream_metadata')
        .select(['integration_id', 'source', 'refresh_after'])
        .execute();
      const byId = new Map(rows.map((r) => [r.integration_id, r]));
      const now = deps.clock.now().getTime();
      const failures: { integrationId: string; error: string }[] = [];
      for (const integration of integrations) {
        const row = byId.get(integration.id);
        let source: string;
        try {
          source = sourceKeyOf(samlSpSettings(integration).metadata);
        } catch (e) {
          failures.push({ integrationId: integration.id, error: e instanceof Error ? e.message : String(e) });
          continue;
        }
        if (row && row.source === source && new Date(row.refresh_after).getTime() > now) continue;
        try {
          await refresh(integration);
        } catch (e) {
          failures.push({ integrationId: integration.id, error: e instanceof Error ? e.message : String(e) });
        }
      }
      return failures;
    },

    /**
     * The stored copy for a login (no network). Uploaded XML not yet stored is validated and stored here;
     * a URL source not yet fetched is an error until the scheduled refresh has run.
     */
    async current(
      integration: Pick<UpstreamIntegration, 'id' | 'type' | 'settings'>,
    ): Promise<StoredIdpMetadata> {
      const settings = samlSpSettings(integration);
      const source = sourceKeyOf(settings.metadata);
      // The columns a login uses, not the whole row: the stored XML (tens of kilobytes for some schools)
      // and the refresh bookkeeping would be copied out of the store and parsed on every login.
      const read = async (): Promise<LoginRow | undefined> => {
        const cached = listening ? loginRows.get(integration.id) : undefined;
        if (cached) return cached;
        const readAt = generation;
        const stored = await deps.db
          .selectFrom('upstream_metadata')
          .select(LOGIN_COLUMNS)
          .where('integration_id', '=', integration.id)
          .executeTakeFirst();
        if (stored && listening && readAt === generation) loginRows.set(integration.id, stored);
        return stored;
      };
      let row = await read();
      if ((!row || row.source !== source) && settings.metadata.kind === 'xml') {
        await refresh(integration);
        row = await read();
      }
      if (!row || row.source !== source) {
        fail(METADATA_UNAVAILABLE, 'the school IdP metadata has not been loaded yet');
      }
      const validUntil = row.valid_until ? new Date(row.valid_until) : undefined;
      if (validUntil !== undefined && validUntil.getTime() <= deps.clock.now().getTime()) {
        fail(METADATA_UNAVAILABLE, 'the school IdP metadata has expired and could not be renewed');
      }
      if (settings.entityId !== undefined && settings.entityId !== row.entity_id) {
        fail(METADATA_UNAVAILABLE, 'the stored IdP metadata is for another entity id');
      }
      return {
        entityId: row.entity_id,
        // A copy: the cached row is shared by every login.
        signingCertificatesPem: [...row.signing_certificates],
        signingKeys: signingKeysOf(row.integration_id, row.signing_certificates),
        ssoRedirectUrl: row.sso_redirect_url ?? undefined,
        ssoPostUrl: row.sso_post_url ?? undefined,
        validUntil,
      };
    },

    async status(integrationId: string): Promise<IdpMetadataStatus | undefined> {
      const row = await deps.db
        .selectFrom('upstream_metadata')
        .selectAll()
        .where('integration_id', '=', integrationId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        integrationId: row.integration_id,
        source: row.source,
        entityId: row.entity_id,
        fingerprints: row.fingerprints,
        validUntil: row.valid_until ? new Date(row.valid_until) : undefined,
        certificatesNotAfter: row.certificates_not_after ? new Date(row.certificates_not_after) : undefined,
        fetchedAt: new Date(row.fetched_at),
        refreshAfter: new Date(row.refresh_after),
        lastAttemptAt: row.last_attempt_at ? new Date(row.last_attempt_at) : undefined,
        lastError: row.last_error ?? undefined,
        certificatesChangedAt: row.certificates_changed_at
          ? new Date(row.certificates_changed_at)
          : undefined,
        previousFingerprints: row.previous_fingerprints ?? undefined,
      };
    },
  };
}

export type IdpMetadataStore = ReturnType<typeof createIdpMetadataStore>;

type LoginRow = Pick<Selectable<Database['upstream_metadata']>, (typeof LOGIN_COLUMNS)[number]>;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
