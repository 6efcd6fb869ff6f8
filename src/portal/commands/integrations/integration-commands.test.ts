/**
 * The integration commands on both stores. Over 400 lines on purpose: one table of validation refusals and
 * the authorisation cases share the same in-process metadata server and registry set-up; split files would
 * each start their own.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../../core/testing/fixed-clock.ts';
import { createOrgdataIndex } from '../../../orgdata/orgdata-lookup.ts';
import { buildIdpMetadata } from '../../../protocols/saml/idp-metadata.ts';
import { generateKeyAndCertificate } from '../../../protocols/saml/keys.ts';
import { loadSigningCredential } from '../../../protocols/saml/signing-credential.ts';
import { testKey } from '../../../protocols/saml/test-kit.ts';
import { createRegistryRepository } from '../../../registry/registry-repository.ts';
import { createRegistryCache } from '../../../registry/registry-snapshot.ts';
import { createSecretBox } from '../../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../../store/testing/test-db.ts';
import { createIdpMetadataStore } from '../../../upstream/saml/idp-metadata-store.ts';
import type { Principal } from '../../domain/principal.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { createIntegration } from './create-integration.ts';
import { getIntegration } from './get-integration.ts';
import type { CreateIntegrationInput } from './integration-input.ts';
import { IntegrationValidationError } from './integration-issues.ts';
import { listIntegrations } from './list-integrations.ts';
import { previewSamlMetadata } from './preview-saml-metadata.ts';
import { updateIntegration } from './update-integration.ts';

const EDU = '1.2.246.562.99.00000000001';
const OTHER = '1.2.246.562.99.00000000003';
const SVC = '1.2.246.562.99.00000000002';
const SCHOOL = { oid: '1.2.246.562.99.00000000011', code: '30076' };
const IP = '192.0.2.10';

const credential = testKey('integration-commands-idp').credential;
const metadataWith = (certificates: string[], extra = '') =>
  buildIdpMetadata(
    {
      entityId: 'https://idp.koulu.example/idp',
      validUntil: new Date(Date.now() + 7 * 86_400_000),
      signingCertificatesPem: certificates,
      ssoRedirectUrl: 'https://idp.koulu.example/sso',
      ssoPostUrl: 'https://idp.koulu.example/sso',
      displayName: { en: `School IdP${extra}` },
    },
    credential,
  );
const expiredKey = generateKeyAndCertificate({
  commonName: 'expired',
  now: new Date('2020-01-01T00:00:00Z'),
  validDays: 30,
});

/** What the school's metadata address answers, by path. */
const SERVED: Record<string, { type: string; body: string }> = {
  '/good': { type: 'application/samlmetadata+xml', body: metadataWith([credential.certificatePem]) },
  '/doctype': {
    type: 'application/xml',
    body: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${metadataWith([credential.certificatePem]).replace(/^<\?xml[^>]*\?>/, '')}`,
  },
  '/html': { type: 'text/html', body: '<!doctype html><html><body>Sign in</body></html>' },
  '/huge': { type: 'application/xml', body: `<x>${'a'.repeat(3 * 1024 * 1024)}</x>` },
  '/unsigned': { type: 'application/xml', body: metadataWith([]) },
  '/expired': {
    type: 'application/xml',
    body: buildIdpMetadata(
      {
        entityId: 'https://idp.koulu.example/idp',
        validUntil: new Date(Date.now() + 7 * 86_400_000),
        signingCertificatesPem: [expiredKey.certificatePem],
        ssoRedirectUrl: 'https://idp.koulu.example/sso',
        ssoPostUrl: 'https://idp.koulu.example/sso',
        displayName: { en: 'Expired' },
      },
      loadSigningCredential(expiredKey.privateKeyPem, expiredKey.certificatePem),
    ),
  },
};

describeEachStore('integration commands', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  let server: Server;
  let base = '';
  const clock = fixedClock(new Date());
  const principal = (over: Partial<Principal> = {}): Principal => ({
    personId: '00000000-0000-4000-8000-000000000001',
    email: 'main@koulu.example',
    displayName: 'Main',
    organisationId: EDU,
    role: 'education-main',
    via: 'session',
    authenticatedAt: clock.now(),
    ...over,
  });
  const wilma = (over: Partial<CreateIntegrationInput> = {}): CreateIntegrationInput => ({
    type: 'wilma',
    settings: { hostname: 'esimerkki.inschool.fi' },
    secrets: { sharedSecret: 'wilma-shared-secret-0123456789' },
    mapping: {},
    discovery: { displayName: { fi: 'Esimerkin Wilma' }, schools: [SCHOOL.code] },
    allowedServices: [],
    ...over,
  });
  const saml = (metadataUrl: string): CreateIntegrationInput => ({
    type: 'saml',
    settings: { metadataUrl },
    secrets: {},
    mapping: {},
    discovery: {},
    allowedServices: [],
  });
  const problemsOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (e) {
      if (e instanceof IntegrationValidationError) return e.problems.map((p) => `${p.path}: ${p.code}`);
      throw e;
    }
    throw new Error('expected a refusal');
  };
  const auditCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('portal_audit')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  const integrationCount = async () => (await deps.registry?.repo.list('integration'))?.length ?? 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.endsWith('/.well-known/openid-configuration')) {
        // An OpenID provider that calls itself `<base>/op` whatever address it is asked at.
        const document = {
          issuer: `${base}/op`,
          authorization_endpoint: `${base}/op/auth`,
          jwks_uri: `${base}/op/jwks`,
        };
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
      }
      const served = SERVED[req.url ?? ''];
      if (!served) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': served.type }).end(served.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestDb(kind);
    const box = createSecretBox(randomBytes(32));
    const repo = createRegistryRepository(t.db, box);
    await repo.upsertMany(
      [
        {
          kind: 'organisation',
          doc: { oid: EDU, name: { fi: 'Esimerkin kunta' }, roles: ['educationProvider'] },
        },
        {
          kind: 'organisation',
          doc: { oid: OTHER, name: { fi: 'Toinen kunta' }, roles: ['educationProvider'] },
        },
        { kind: 'organisation', doc: { oid: SVC, name: { fi: 'Palvelu Oy' }, roles: ['serviceProvider'] } },
        {
          kind: 'serviceSet',
          doc: { id: 'oppimateriaalit', name: { fi: 'Oppimateriaalit' }, organisationOid: SVC },
        },
      ],
      'test',
    );
    const orgdata = createOrgdataIndex([
      { oid: EDU, kind: 'koulutustoimija', names: { fi: 'Esimerkin kunta' }, active: true, source: 'test' },
      {
        oid: SCHOOL.oid,
        kind: 'oppilaitos',
        names: { fi: 'Esimerkin koulu' },
        schoolCode: SCHOOL.code,
        parentOid: EDU,
        active: true,
        source: 'test',
      },
    ]);
    deps = {
      db: t.db,
      box,
      clock,
      mailer: { send: async () => {} },
      publicUrl: 'https://passi.test',
      registry: { cache: createRegistryCache(repo), repo },
      joining: { repo, orgdata: () => orgdata },
    };
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('creates a Wilma integration in the test phase with a generated id and flow name, secrets write-only', async () => {
    const saved = await createIntegration(deps, principal(), EDU, wilma(), IP);
    expect(saved.id).toMatch(/^[1-9]\d{6}$/);
    expect(saved.flowName).toBe('wilma-esimerkin-kunta');
    expect(saved.revision).toBe(1);
    const view = await getIntegration(deps, principal(), EDU, saved.id, IP);
    expect(view.integration.deploymentPhase).toBe('test');
    expect(view.integration.settings).toEqual({ kind: 'wilma', hostname: 'esimerkki.inschool.fi' });
    expect(view.secretsSet).toEqual(['sharedSecret']);
    expect(JSON.stringify(view)).not.toContain('wilma-shared-secret');
    expect(view.lastChange?.actor).toBe('portal:main@koulu.example');
    const second = await createIntegration(deps, principal(), EDU, wilma(), IP);
    expect(second.flowName).toBe('wilma-esimerkin-kunta-2');
    expect(
      (await listIntegrations(deps, principal({ role: 'education-viewer' }), EDU, IP)).map((i) => i.id),
    ).toEqual(expect.arrayContaining([saved.id, second.id]));
  });

  it('update: the revision rises; a change based on an older revision is refused naming who changed it and when', async () => {
    const { id } = await createIntegration(deps, principal(), EDU, wilma({ flowName: 'lukittu' }), IP);
    const first = await updateIntegration(
      deps,
      principal({ email: 'anna@koulu.example' }),
      EDU,
      id,
      { ...wilma(), expectedRevision: 1, settings: { hostname: 'uusi.inschool.fi' } },
      IP,
    );
    expect(first.revision).toBe(2);
    const stale = updateIntegration(
      deps,
      principal({ email: 'ben@koulu.example' }),
      EDU,
      id,
      { ...wilma(), expectedRevision: 1, settings: { hostname: 'vanha.inschool.fi' } },
      IP,
    );
    await expect(stale).rejects.toMatchObject({
      code: 'PASSI_REGISTRY_REVISION_CONFLICT',
      status: 409,
      message: expect.stringContaining('changed by portal:anna@koulu.example at'),
      detail: expect.objectContaining({ changedBy: 'portal:anna@koulu.example', revision: 2 }),
    });
    const view = await getIntegration(deps, principal(), EDU, id, IP);
    expect(view.integration.settings).toMatchObject({ hostname: 'uusi.inschool.fi' });
    expect(view.revision).toBe(2);
    // The shared secret given once is kept when the form leaves it empty.
    await updateIntegration(deps, principal(), EDU, id, { ...wilma(), secrets: { sharedSecret: '' } }, IP);
    expect((await deps.registry?.repo.find('integration', id))?.secrets).toEqual({
      sharedSecret: 'wilma-shared-secret-0123456789',
    });
  });

  it('two saves based on the same revision: exactly one wins', async () => {
    const { id } = await createIntegration(deps, principal(), EDU, wilma({ flowName: 'kilpa' }), IP);
    const results = await Promise.allSettled(
      ['a', 'b'].map((h) =>
        updateIntegration(
          deps,
          principal(),
          EDU,
          id,
          { ...wilma(), expectedRevision: 1, settings: { hostname: `${h}.inschool.fi` } },
          IP,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'PASSI_REGISTRY_REVISION_CONFLICT' },
    });
  });

  it('refuses shapes school IT gets wrong, each by its field, and writes nothing', async () => {
    const before = await integrationCount();
    expect(
      await problemsOf(
        createIntegration(
          deps,
          principal(),
          EDU,
          wilma({
            settings: { hostname: 'https://esimerkki.inschool.fi/', baseUrl: 'http://user:pw@wilma.test/#x' },
            secrets: { sharedSecret: 'short one' },
            discovery: { schools: ['99999'] },
            allowedServices: ['no-such-set'],
          }),
          IP,
        ),
      ),
    ).toEqual([
      'settings.baseUrl: url-fragment',
      'settings.hostname: hostname',
      'secrets.sharedSecret: secret-shape',
      'discovery.schools: unknown-school',
      'allowedServices: unknown-service',
    ]);
    expect(
      await problemsOf(
        createIntegration(
          deps,
          principal(),
          EDU,
          {
            ...wilma(),
            type: 'entra-oidc',
            settings: { tenantId: 'contoso.onmicrosoft.com', clientId: 'x' },
            secrets: {},
          },
          IP,
        ),
      ),
    ).toEqual([
      'settings.tenantId: tenant-id',
      'settings.clientId: client-id',
      'secrets.clientSecret: required',
    ]);
    expect(await integrationCount()).toBe(before);
  });

  it('SAML: the metadata is read on save; the entity id, certificates and validUntil are answered, and the store has it', async () => {
    const saved = await createIntegration(deps, principal(), EDU, saml(`${base}/good`), IP);
    expect(saved.metadata?.entityId).toBe('https://idp.koulu.example/idp');
    expect(saved.metadata?.certificates[0]?.notAfter).toMatch(/^\d{4}-/);
    expect(saved.metadata?.validUntil).toMatch(/^\d{4}-/);
    const store = createIdpMetadataStore({ db: t.db, clock });
    expect((await store.status(saved.id))?.entityId).toBe('https://idp.koulu.example/idp');
    const preview = await previewSamlMetadata(
      deps,
      principal(),
      EDU,
      { metadataXml: SERVED['/good']?.body },
      IP,
    );
    expect(preview.entityId).toBe('https://idp.koulu.example/idp');
  });

  it('update keeps settings the form does not show and clears a field given empty', async () => {
    const saved = await createIntegration(
      deps,
      principal(),
      EDU,
      { ...saml(`${base}/good`), flowName: 'pidetty' },
      IP,
    );
    const repo = deps.registry?.repo;
    const stored = await repo?.find('integration', saved.id);
    if (!repo || !stored || stored.doc.settings.kind !== 'saml')
      throw new Error('no SAML integration stored');
    await repo.upsertMany(
      [
        {
          kind: 'integration',
          doc: { ...stored.doc, settings: { ...stored.doc.settings, requireSignedResponse: true } },
        },
      ],
      'operator-import',
    );
    await updateIntegration(
      deps,
      principal(),
      EDU,
      saved.id,
      { ...saml(`${base}/good`), settings: { metadataUrl: `${base}/good`, entityId: '' } },
      IP,
    );
    expect((await repo.find('integration', saved.id))?.doc.settings).toMatchObject({
      requireSignedResponse: true,
    });

    const wilmaSaved = await createIntegration(
      deps,
      principal(),
      EDU,
      wilma({
        flowName: 'tyhjennetty',
        settings: { hostname: 'esimerkki.inschool.fi', baseUrl: 'http://127.0.0.1:9/' },
      }),
      IP,
    );
    await updateIntegration(
      deps,
      principal(),
      EDU,
      wilmaSaved.id,
      { ...wilma(), settings: { baseUrl: '' } },
      IP,
    );
    expect((await repo.find('integration', wilmaSaved.id))?.doc.settings).toEqual({
      kind: 'wilma',
      hostname: 'esimerkki.inschool.fi',
    });
  });

  it.each([
    ['/doctype', 'metadata-doctype'],
    ['/html', 'metadata-not-xml'],
    ['/huge', 'metadata-too-large'],
    ['/unsigned', 'metadata-no-signing-certificate'],
    ['/expired', 'metadata-certificate-expired'],
    ['/missing', 'metadata-unreachable'],
  ])('SAML metadata at %s is refused (%s) and nothing is saved', async (path, code) => {
    const before = await integrationCount();
    expect(await problemsOf(createIntegration(deps, principal(), EDU, saml(`${base}${path}`), IP))).toEqual([
      `settings.metadataUrl: ${code}`,
    ]);
    expect(await integrationCount()).toBe(before);
  });

  it('OIDC: the issuer’s discovery document is fetched on save and must name the same issuer', async () => {
    const oidc = (issuer: string): CreateIntegrationInput => ({
      type: 'oidc',
      settings: { issuer, clientId: 'passi-client' },
      secrets: { clientSecret: 'a-client-secret-0123456789' },
      mapping: {},
      discovery: {},
      allowedServices: [],
    });
    const saved = await createIntegration(deps, principal(), EDU, oidc(`${base}/op`), IP);
    expect((await getIntegration(deps, principal(), EDU, saved.id, IP)).integration.settings).toMatchObject({
      kind: 'oidc',
      issuer: `${base}/op`,
    });
    expect(await problemsOf(createIntegration(deps, principal(), EDU, oidc(`${base}/other`), IP))).toEqual([
      'settings.issuer: issuer-mismatch',
    ]);
    expect(
      await problemsOf(createIntegration(deps, principal(), EDU, oidc('http://127.0.0.1:1/op'), IP)),
    ).toEqual(['settings.issuer: discovery-unreachable']);
  });

  it('uploaded XML with a DOCTYPE or none at all is refused by the XML field', async () => {
    const input = (xml: string): CreateIntegrationInput => ({ ...saml(''), settings: { metadataXml: xml } });
    expect(
      await problemsOf(createIntegration(deps, principal(), EDU, input(SERVED['/doctype']?.body ?? ''), IP)),
    ).toEqual(['settings.metadataXml: metadata-doctype']);
    expect(await problemsOf(createIntegration(deps, principal(), EDU, input('not xml at all'), IP))).toEqual([
      'settings.metadataXml: metadata-not-xml',
    ]);
  });

  it('refuses another organisation, a viewer and a service provider’s main user with 403, audited, nothing written', async () => {
    const { id } = await createIntegration(deps, principal(), EDU, wilma({ flowName: 'suojattu' }), IP);
    const before = await integrationCount();
    for (const [who, org] of [
      [principal({ organisationId: OTHER }), EDU],
      [principal(), OTHER],
      [principal({ role: 'education-viewer' }), EDU],
      [principal({ role: 'service-main', organisationId: SVC }), EDU],
      [principal({ role: 'service-main' }), EDU],
    ] as const) {
      const audits = await auditCount();
      await expect(createIntegration(deps, who, org, wilma(), IP)).rejects.toMatchObject({
        code: 'PASSI_PORTAL_FORBIDDEN',
      });
      await expect(
        updateIntegration(deps, who, org, id, { ...wilma(), settings: { hostname: 'x.inschool.fi' } }, IP),
      ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });
      expect(await auditCount()).toBe(audits + 2);
    }
    await expect(
      getIntegration(deps, principal({ organisationId: OTHER }), EDU, id, IP),
    ).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
    });
    // Named under the other organisation it is not found, whoever asks.
    await expect(
      getIntegration(deps, principal({ role: 'operator', organisationId: 'passi' }), OTHER, id, IP),
    ).rejects.toMatchObject({
      code: 'PASSI_NOT_FOUND',
    });
    expect(await integrationCount()).toBe(before);
    expect((await getIntegration(deps, principal(), EDU, id, IP)).integration.settings).toMatchObject({
      hostname: 'esimerkki.inschool.fi',
    });
  });
});
