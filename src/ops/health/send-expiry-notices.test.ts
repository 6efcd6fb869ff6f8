import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import type { MailMessage } from '../../portal/mail/mailer.ts';
import { generateKeyAndCertificate } from '../../protocols/saml/keys.ts';
import { integrationSchema } from '../../registry/integration-schema.ts';
import { createRegistryRepository } from '../../registry/registry-repository.ts';
import { loadRegistrySnapshot } from '../../registry/registry-snapshot.ts';
import { serviceSchema } from '../../registry/service-schema.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import { type ExpiryNoticeDeps, sendExpiryNotices } from './send-expiry-notices.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const EDU = '1.2.246.562.99.00000000001';
const SVC = '1.2.246.562.99.00000000002';
const quiet = { info: () => undefined, warn: () => undefined };

describeEachStore('expiry notices', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: (sent: MailMessage[], fail?: boolean) => ExpiryNoticeDeps;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    const technical = (email: string) => ({ kind: 'technical' as const, name: 'Tea', email });
    await repo.upsertMany(
      [
        {
          kind: 'organisation',
          doc: {
            oid: EDU,
            name: { fi: 'Koulutus' },
            roles: ['educationProvider'],
            contacts: [
              technical('tea@example.fi'),
              technical('TEA@example.fi '),
              technical('timo@example.fi'),
            ],
          },
        },
        {
          kind: 'organisation',
          doc: {
            oid: SVC,
            name: { fi: 'Palvelu' },
            roles: ['serviceProvider'],
            contacts: [technical('sami@example.fi')],
          },
        },
        {
          kind: 'integration',
          doc: integrationSchema.parse({
            id: '4000013',
            organisationOid: EDU,
            type: 'oidc',
            flowName: 'Oidc',
            deploymentPhase: 'test',
            settings: {
              kind: 'oidc',
              issuer: 'https://op.example.fi',
              clientId: 'passi',
              clientSecretValidUntil: '2026-12-20',
            },
            discovery: { displayName: { fi: 'Oidc-koulut', en: 'Oidc schools' } },
          }),
        },
        {
          kind: 'service',
          doc: serviceSchema.parse({
            id: 'svc',
            organisationOid: SVC,
            name: { fi: 'Palvelu' },
            protocol: 'saml',
            deploymentPhase: 'test',
            serviceSets: ['set'],
            saml: {
              entityId: 'https://svc.example/saml',
              acs: [{ location: 'https://svc.example/acs', index: 0, isDefault: true }],
              signingCertificates: [
                generateKeyAndCertificate({ commonName: 'svc', validDays: 200, now: NOW }).certificatePem,
              ],
            },
          }),
        },
      ],
      'import',
    );
    deps = (sent, fail = false) => ({
      db: t.db,
      mailer: {
        send: async (m) => {
          if (fail) throw new Error('SMTP down');
          sent.push(m);
        },
      },
      publicUrl: 'https://passi.test/',
      registry: () => loadRegistrySnapshot(repo),
      metadataStatus: async () => undefined,
      log: quiet,
    });
  });
  afterAll(() => t?.close());

  it('sends each notice once per item, threshold and address, even when several nodes run at once', async () => {
    const failed: MailMessage[] = [];
    expect(await sendExpiryNotices(deps(failed, true), NOW)).toEqual({ sent: 0, failed: 2 });
    // A failed send waits for its retry time: the nodes' runs 5 minutes later find nothing due.
    const early: MailMessage[] = [];
    expect(await sendExpiryNotices(deps(early), new Date(NOW.getTime() + 60_000))).toEqual({
      sent: 0,
      failed: 0,
    });

    const later = new Date(NOW.getTime() + 3_600_000);
    const a: MailMessage[] = [];
    const b: MailMessage[] = [];
    await Promise.all([sendExpiryNotices(deps(a), later), sendExpiryNotices(deps(b), later)]);
    const sent = [...a, ...b];
    expect(sent.map((m) => m.to).sort()).toEqual(['tea@example.fi', 'timo@example.fi']);
    const [mail] = sent;
    expect(mail?.subject).toBe('Passi: Client secret vanhenee – Oidc-koulut');
    expect(mail?.text).toContain('2026-12-20 (22 päivän päästä)');
    expect(mail?.text).toContain(
      'The client secret expires: Oidc schools (Integration 4000013), 2026-12-20 (in 22 days)',
    );
    expect(mail?.text).toContain('https://passi.test/portal/organisation/1.2.246.562.99.00000000001/health');

    const again: MailMessage[] = [];
    await sendExpiryNotices(deps(again), new Date(later.getTime() + 86_400_000));
    expect(again).toEqual([]);
  });

  it('sends once more at 7 days, and for a certificate only once it is within 30 days', async () => {
    const seven: MailMessage[] = [];
    await sendExpiryNotices(deps(seven), days(16));
    expect(seven.map((m) => m.to).sort()).toEqual(['tea@example.fi', 'timo@example.fi']);
    expect(seven[0]?.text).toContain('(in 6 days)');
    const service: MailMessage[] = [];
    await sendExpiryNotices(deps(service), days(175));
    expect(service.map((m) => [m.to, m.subject])).toEqual([
      ['sami@example.fi', 'Passi: Palvelun varmenne vanhenee – Palvelu'],
    ]);
  });
});
