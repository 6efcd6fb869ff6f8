import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { generateKeyAndCertificate } from '../../protocols/saml/keys.ts';
import { buildSpMetadata } from '../../protocols/saml/sp-metadata.ts';
import { createRegistryRepository, type RegistryRepository } from '../../registry/registry-repository.ts';
import { createRegistryCache } from '../../registry/registry-snapshot.ts';
import { serviceSchema } from '../../registry/service-schema.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalDeps } from './portal-deps.ts';
import { updateService } from './update-service.ts';

const SP = '1.2.246.562.99.00000000022';
const OTHER_SP = '1.2.246.562.99.00000000033';
const EDU = '1.2.246.562.99.00000000011';
const IP = '192.0.2.7';
const OIDC = 'edit-oidc';
const PROD = 'edit-prod';
const SAML = 'edit-saml';
const ENTITY = 'https://sp.example.org/saml';

const oidc = (id: string, deploymentPhase: 'test' | 'production') =>
  serviceSchema.parse({
    id,
    organisationOid: SP,
    name: { fi: `Palvelu ${id}` },
    deploymentPhase,
    serviceSets: ['edit-set'],
    protocol: 'oidc',
    oidc: { clientId: `${id}-client-id`, redirectUris: [`https://${id}.example/cb`] },
    clientSecret: 'k'.repeat(40),
  });

const CLOCK_START = new Date('2026-12-04T08:00:00Z');
// Generated for the test's fixed clock: a certificate made "now" would start after that clock on any
// later day and be refused as not yet valid.
const SP_CERT = generateKeyAndCertificate({
  type: 'rsa-2048',
  commonName: 'passi-test-edit-sp',
  now: CLOCK_START,
}).certificatePem;

const metadata = (signing: boolean) =>
  buildSpMetadata({
    entityId: ENTITY,
    validUntil: new Date('2027-12-01T00:00:00Z'),
    signingCertificatesPem: signing ? [SP_CERT] : [],
    encryptionCertificatesPem: [],
    assertionConsumerServices: ['https://sp.example.org/acs'],
  });

describeEachStore('changing a service after its creation', (kind: TestStoreKind) => {
  let t: TestDb;
  let repo: RegistryRepository;
  let deps: PortalDeps;
  const clock = fixedClock(CLOCK_START);
  const person = (organisationId: string, role: Principal['role'], id: string = role): Principal => ({
    personId: `person-${id}`,
    email: `${id}@example.fi`,
    displayName: id,
    organisationId,
    role,
    via: 'session',
    authenticatedAt: clock.now(),
  });
  const spMain = person(SP, 'service-main');
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: 'no error', message: '' }),
      (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message ?? '' }),
    );
  const stored = async (id: string) => repo.find('service', id);
  const audit = async () =>
    (await t.db.selectFrom('portal_audit').select('action').orderBy('id').execute()).map((r) => r.action);

  beforeAll(async () => {
    t = await createTestDb(kind);
    repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    await repo.upsertMany(
      [
        { kind: 'organisation', doc: { oid: SP, name: { fi: 'Palveluyhtiö' }, roles: ['serviceProvider'] } },
        { kind: 'organisation', doc: { oid: OTHER_SP, name: { fi: 'Toinen' }, roles: ['serviceProvider'] } },
        { kind: 'organisation', doc: { oid: EDU, name: { fi: 'Opetus' }, roles: ['educationProvider'] } },
        { kind: 'serviceSet', doc: { id: 'edit-set', name: { fi: 'Joukko' }, organisationOid: SP } },
        { kind: 'service', doc: oidc(OIDC, 'test') },
        { kind: 'service', doc: oidc(PROD, 'production') },
        {
          kind: 'service',
          doc: serviceSchema.parse({
            id: SAML,
            organisationOid: SP,
            name: { fi: 'SAML-palvelu' },
            serviceSets: ['edit-set'],
            protocol: 'saml',
            saml: {
              entityId: ENTITY,
              acs: [{ location: 'https://sp.example.org/acs', index: 0, isDefault: true }],
              signingCertificates: [SP_CERT],
            },
          }),
        },
      ],
      'test',
    );
    deps = {
      db: t.db,
      box: createSecretBox(randomBytes(32)),
      clock,
      mailer: { send: async () => {} },
      publicUrl: 'https://passi.test',
      registry: { cache: createRegistryCache(repo), repo },
    };
  });
  afterAll(() => t?.close());

  it('the main user changes names, URIs, method and status; the secret and phase stay; audited', async () => {
    const before = await stored(OIDC);
    const { service, revision } = await updateService(
      deps,
      spMain,
      SP,
      OIDC,
      {
        expectedRevision: 1,
        name: { fi: 'Uusi nimi', sv: 'Nytt namn', en: 'New name' },
        redirectUris: ['https://edit-oidc.example/cb2'],
        postLogoutRedirectUris: ['https://edit-oidc.example/bye'],
        tokenEndpointAuthMethod: 'client_secret_post',
        status: 'inactive',
      },
      IP,
    );
    expect(revision).toBe(2);
    expect(service).toMatchObject({ name: { en: 'New name' }, status: 'inactive', deploymentPhase: 'test' });
    const after = await stored(OIDC);
    expect(after?.revision).toBe(2);
    expect(after?.secrets.clientSecret).toBe(before?.secrets.clientSecret);
    expect(after?.doc).toMatchObject({
      status: 'inactive',
      oidc: {
        redirectUris: ['https://edit-oidc.example/cb2'],
        postLogoutRedirectUris: ['https://edit-oidc.example/bye'],
        tokenEndpointAuthMethod: 'client_secret_post',
      },
    });
    // Inactive: the login's rule (status !== 'active') refuses it; reactivated, it is usable again.
    expect((await deps.registry?.cache.current())?.services.get(OIDC)?.service.status).toBe('inactive');
    await updateService(deps, spMain, SP, OIDC, { expectedRevision: 2, status: 'active' }, IP);
    expect((await stored(OIDC))?.doc.status).toBe('active');
    const changes = await t.db
      .selectFrom('audit_log')
      .select('actor')
      .where('entity_id', '=', OIDC)
      .execute();
    expect(changes.map((c) => c.actor)).toContain('portal:service-main@example.fi');
  });

  it('a stale revision is refused (409) naming who changed it and when; nothing changes', async () => {
    const e = await failure(
      updateService(deps, spMain, SP, OIDC, { expectedRevision: 1, name: { fi: 'Vanha lomake' } }, IP),
    );
    expect(e.code).toBe('PASSI_REGISTRY_REVISION_CONFLICT');
    expect(e.message).toContain('changed by portal:service-main@example.fi at 20');
    expect(e.message).toContain('reload');
    expect((await stored(OIDC))?.doc.name.fi).toBe('Uusi nimi');
  });

  it('a plain-http redirect URI is refused in production, with its path', async () => {
    const e = await failure(
      updateService(
        deps,
        spMain,
        SP,
        PROD,
        { expectedRevision: 1, redirectUris: ['http://rp.example/cb'] },
        IP,
      ),
    );
    expect(e.code).toBe('PASSI_REQUEST_INVALID');
    expect((await stored(PROD))?.revision).toBe(1);
  });

  it('SAML: refreshed metadata without a signing certificate is refused; with one, ACS and NameID change', async () => {
    const e = await failure(
      updateService(deps, spMain, SP, SAML, { expectedRevision: 1, metadataXml: metadata(false) }, IP),
    );
    expect(e.code).not.toBe('no error');
    expect((await stored(SAML))?.revision).toBe(1);
    await updateService(
      deps,
      spMain,
      SP,
      SAML,
      {
        expectedRevision: 1,
        metadataXml: metadata(true),
        acsUrls: ['https://sp.example.org/acs2', 'https://sp.example.org/acs'],
        nameIdFormat: 'persistent',
      },
      IP,
    );
    const doc = (await stored(SAML))?.doc;
    expect(doc?.protocol === 'saml' ? [doc.saml.acs[0]?.location, doc.saml.nameIdFormat] : []).toEqual([
      'https://sp.example.org/acs2',
      'persistent',
    ]);
  });

  it('a viewer, an education provider’s main user and another organisation are refused (403, audited, unchanged)', async () => {
    const before = await stored(OIDC);
    const auditBefore = (await audit()).length;
    for (const who of [
      person(SP, 'service-viewer'),
      person(EDU, 'education-main'),
      person(OTHER_SP, 'service-main', 'other-main'),
    ]) {
      const e = await failure(
        updateService(deps, who, SP, OIDC, { expectedRevision: 3, name: { fi: 'Kaapattu' } }, IP),
      );
      expect(e.code).toBe('PASSI_PORTAL_FORBIDDEN');
    }
    // Another organisation naming its own id cannot reach this one's service either.
    const own = await failure(
      updateService(
        deps,
        person(OTHER_SP, 'service-main', 'other-main'),
        OTHER_SP,
        OIDC,
        { expectedRevision: 3, name: { fi: 'Kaapattu' } },
        IP,
      ),
    );
    expect(own.code).toBe('PASSI_NOT_FOUND');
    expect((await audit()).slice(auditBefore).filter((a) => a === 'access-refused')).toHaveLength(3);
    expect((await stored(OIDC))?.doc).toEqual(before?.doc);
    expect((await stored(OIDC))?.revision).toBe(before?.revision);
  });
});
