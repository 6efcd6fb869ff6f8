import { describe, expect, it } from 'vitest';
import { integrationSchema } from '../registry/integration-schema.ts';
import type { IntegrationEntry } from '../registry/registry-snapshot.ts';
import { integrationReports } from './integration-report.ts';
import { logIntegrationWarnings } from './log-integration-warnings.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const integration = (doc: Record<string, unknown>) =>
  integrationSchema.parse({ organisationOid: '1.2.246.562.99.00000000001', ...doc });

const entra = (id: string, flowName: string, extra: Record<string, unknown> = {}) =>
  integration({
    id,
    type: 'entra',
    flowName,
    settings: {
      kind: 'entra',
      login: 'oidc',
      tenantId: '3f1c2a3b-1111-4222-8333-944455556666',
      clientId: '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff',
    },
    ...extra,
  });

const ENTRIES: IntegrationEntry[] = [
  // A stored client secret without its expiry date: logins stop some day without warning.
  { integration: entra('4000102', 'MansikkalaEntra'), secrets: { clientSecret: 'a-secret' } },
  // A SAML school whose metadata was never fetched.
  {
    integration: integration({
      id: '4000101',
      type: 'adfs',
      flowName: 'MansikkalaAdfs',
      settings: { kind: 'saml', metadataUrl: 'https://adfs.mansikkala.example/m' },
    }),
    secrets: {},
  },
  // No secret stored yet: nothing to warn about its date.
  { integration: entra('4000103', 'EntraNoSecret'), secrets: {} },
  // Inactive: logs nobody in, so the daily log leaves it out (the CLI lists it).
  {
    integration: entra('4000104', 'EntraInactive', { status: 'inactive' }),
    secrets: { clientSecret: 'x' },
  },
];

describe('the daily integration warning log', () => {
  it('logs the warnings `passi integrations` shows, including an unrecorded client secret expiry', async () => {
    const logged: { fields: Record<string, unknown>; message: string }[] = [];
    await logIntegrationWarnings({
      publicUrl: 'https://passi.example.fi',
      now: NOW,
      integrations: ENTRIES,
      metadataStatus: async () => undefined,
      log: { warn: (fields, message) => logged.push({ fields, message }) },
    });
    // What the CLI shows for the same registry (its secret names are the stored secrets' names).
    const cli = await integrationReports({
      publicUrl: 'https://passi.example.fi',
      now: NOW,
      integrations: ENTRIES.map((e) => e.integration),
      metadataStatus: async () => undefined,
      secretNames: (id) => Object.keys(ENTRIES.find((e) => e.integration.id === id)?.secrets ?? {}),
    });
    const expected = cli
      .filter((r) => r.status === 'active')
      .flatMap((r) => r.warnings.map((w) => `integration ${r.id}: ${w}`));
    expect(logged.map((l) => l.message)).toEqual(expected);
    expect(logged.map((l) => l.message)).toContain(
      "integration 4000102: the client secret's expiry date is not recorded (settings.clientSecretValidUntil): Passi cannot warn before logins stop",
    );
    expect(logged.find((l) => l.message.startsWith('integration 4000102'))?.fields).toEqual({
      integrationId: '4000102',
      flowName: 'MansikkalaEntra',
    });
    expect(logged.some((l) => l.message.includes('4000103') || l.message.includes('4000104'))).toBe(false);
  });
});
