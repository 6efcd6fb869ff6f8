import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { PassiKey } from '../../keys/key-store.ts';
import type { IdpMetadataStatus } from '../../upstream/saml/idp-metadata-store.ts';
import { registerStoreGauges } from './store-gauges.ts';

const now = new Date('2026-12-03T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

const key = (over: Partial<PassiKey>): PassiKey => ({
  kid: 'k',
  use: 'saml-sig',
  alg: 'RS256',
  state: 'active',
  privateKeyPem: '',
  certificatePem: '',
  notAfter: days(300),
  ...over,
});

const status = (over: Partial<IdpMetadataStatus>): IdpMetadataStatus => ({
  integrationId: 'i1',
  source: 'https://idp.example/metadata',
  entityId: 'https://idp.example',
  fingerprints: [],
  validUntil: undefined,
  certificatesNotAfter: days(20),
  fetchedAt: new Date(now.getTime() - 600_000),
  refreshAfter: now,
  lastAttemptAt: undefined,
  lastError: undefined,
  certificatesChangedAt: undefined,
  previousFingerprints: undefined,
  ...over,
});

describe('store gauges', () => {
  it('days to expiry of Passi’s certificates (the soonest per use, alg, state) and the schools’ metadata state', async () => {
    const registry = new Registry();
    let reads = 0;
    registerStoreGauges(registry, {
      now: () => now,
      keys: () => [
        key({}),
        key({ kid: 'k2', notAfter: days(10) }),
        key({ use: 'oidc-sig', alg: 'ES256', state: 'next' }),
      ],
      idpMetadata: async () => {
        reads += 1;
        return [
          status({}),
          status({ integrationId: 'i2', certificatesNotAfter: undefined, lastError: 'HTTP 500' }),
        ];
      },
    });
    const text = await registry.metrics();
    expect(text).toContain('passi_certificate_days_to_expiry{use="saml-sig",alg="RS256",state="active"} 10');
    expect(text).toContain('passi_certificate_days_to_expiry{use="oidc-sig",alg="ES256",state="next"} 300');
    expect(text).toContain('passi_idp_certificate_days_to_expiry{integration="i1"} 20');
    expect(text).not.toContain('passi_idp_certificate_days_to_expiry{integration="i2"}');
    expect(text).toContain('passi_idp_metadata_age_seconds{integration="i1"} 600');
    expect(text).toContain('passi_idp_metadata_refresh_failing{integration="i1"} 0');
    expect(text).toContain('passi_idp_metadata_refresh_failing{integration="i2"} 1');
    // One read of the store per scrape for the three IdP gauges.
    expect(reads).toBe(1);
  });

  it('while starting (no keys, store not readable) the scrape still answers', async () => {
    const registry = new Registry();
    registerStoreGauges(registry, {
      now: () => now,
      keys: () => undefined,
      idpMetadata: () => Promise.reject(new Error('store down')),
    });
    expect(await registry.metrics()).toContain('# TYPE passi_idp_metadata_age_seconds gauge');
  });

  it('the embedded store’s in-memory login state, and nothing when the state is in the store', async () => {
    const registry = new Registry();
    let memory: Record<string, number> | undefined = {
      flows: 7,
      replay: 12,
      oidc_interaction: 3,
      oidc_authorization_code: 1,
    };
    registerStoreGauges(registry, {
      now: () => now,
      keys: () => [],
      idpMetadata: async () => [],
      memoryState: () => memory,
    });
    const text = await registry.metrics();
    expect(text).toContain('passi_memory_state_entries{kind="flows"} 7');
    expect(text).toContain('passi_memory_state_entries{kind="replay"} 12');
    expect(text).toContain('passi_memory_state_entries{kind="oidc_interaction"} 3');
    expect(text).toContain('passi_memory_state_entries{kind="oidc_authorization_code"} 1');
    memory = undefined;
    expect(await registry.metrics()).not.toMatch(/passi_memory_state_entries\{/);
  });
});
