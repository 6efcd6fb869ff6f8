/**
 * A SAML service from the portal (docs/portal.md "Services"): the metadata fetched now from the service's
 * address (a server in this process), unusable metadata refused with its reason and nothing stored; and who
 * may register services at all (another organisation, a viewer, an education provider's main user: 403,
 * audited, nothing changed).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLoginDailyRepository } from '../../src/ops/statistics/login-daily-repository.ts';
import { generateKeyAndCertificate } from '../../src/protocols/saml/keys.ts';
import { buildSpMetadata } from '../../src/protocols/saml/sp-metadata.ts';
import {
  type ApiCall,
  auditSince,
  changedTables,
  lastAuditId,
  storeSnapshot,
} from '../portal/api-operation-table.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { apiAs, createdSchema, EDUCATION_PROVIDER, SERVICE_PROVIDER } from './service-support.ts';

const DAY = 86_400_000;
const ENTITY_ID = 'https://sp.oppimateriaali.example/saml';

function spMetadata(entityId: string, signing: boolean, certificateFrom = new Date()): string {
  const pem = generateKeyAndCertificate({
    type: 'ec-p256',
    commonName: 'sp.oppimateriaali.example',
    now: certificateFrom,
    validDays: 365,
  }).certificatePem;
  return buildSpMetadata({
    entityId,
    validUntil: new Date(Date.now() + 30 * DAY),
    signingCertificatesPem: signing ? [pem] : [],
    encryptionCertificatesPem: [pem],
    assertionConsumerServices: ['https://sp.oppimateriaali.example/acs'],
  });
}

describeEachStore('a SAML service from the portal', (store) => {
  let t: TestApp;
  let main: ApiCall;
  let server: Server;
  let metadataBase = '';
  const documents = new Map<string, string>();

  beforeAll(async () => {
    documents.set('/good.xml', spMetadata(ENTITY_ID, true));
    documents.set('/unsigned.xml', spMetadata('https://other.example/saml', false));
    documents.set(
      '/expired.xml',
      spMetadata('https://old.example/saml', true, new Date(Date.now() - 400 * DAY)),
    );
    documents.set('/page.html', '<!DOCTYPE html><html><body>Not metadata</body></html>');
    server = createServer((req, res) => {
      const body = documents.get(req.url ?? '');
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/xml' }).end(body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    metadataBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp({ store });
    main = await apiAs(t, 'saml.main@palvelu.example', 'service-main', SERVICE_PROVIDER);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const path = `/organisations/${SERVICE_PROVIDER}/services`;
  const fromUrl = (file: string) => ({
    protocol: 'saml',
    name: { fi: 'Oppimateriaali' },
    metadataUrl: `${metadataBase}${file}`,
    nameIdFormat: 'persistent',
  });

  it('registers the service from metadata fetched now: entity id, endpoints, certificates', async () => {
    const created = await main('post', path, fromUrl('/good.xml'));
    expect(created.status).toBe(201);
    const { service } = createdSchema.parse(created.body);
    expect(created.body).toMatchObject({
      service: {
        deploymentPhase: 'test',
        saml: {
          entityId: ENTITY_ID,
          acs: [{ location: 'https://sp.oppimateriaali.example/acs', index: 0, isDefault: true }],
          nameIdFormat: 'persistent',
          signingCertificates: 1,
          encryptionCertificates: 1,
        },
      },
    });
    expect((await t.services.registry.current()).servicesBySamlEntityId.get(ENTITY_ID)?.service.id).toBe(
      service.id,
    );
    // The same entity id again is refused: one entity id answers one service.
    const again = await main('post', path, fromUrl('/good.xml'));
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'PASSI_REQUEST_INVALID' } } });
  });

  it('a production copy keeps the SAML settings under its own entity id, after a counted test login', async () => {
    const created = await main('post', path, {
      ...fromUrl('/good.xml'),
      metadataUrl: undefined,
      metadataXml: spMetadata('https://copy.example/saml', true),
    });
    const { service } = createdSchema.parse(created.body);
    const copy = `${path}/${service.id}/production`;
    expect(await main('post', copy, { entityId: 'https://copy.example/saml/prod' })).toMatchObject({
      status: 409,
      body: { error: { code: 'PASSI_PORTAL_SERVICE_NOT_TESTED' } },
    });
    // The daily statistics count a completed login to the test service (login-daily-subscriber.ts does in a login).
    await createLoginDailyRepository(t.services.db).count({
      day: new Date().toISOString().slice(0, 10),
      serviceId: service.id,
      integrationId: '4000001',
      school: '30076',
      role: 'pupil',
      outcome: 'completed',
    });
    expect((await main('post', copy, {})).status).toBe(400);
    const made = await main('post', copy, { entityId: 'https://copy.example/saml/prod' });
    expect(made).toMatchObject({
      status: 201,
      body: {
        service: {
          deploymentPhase: 'production',
          saml: {
            entityId: 'https://copy.example/saml/prod',
            acs: [{ location: 'https://sp.oppimateriaali.example/acs' }],
            signingCertificates: 1,
          },
        },
      },
    });
    expect(createdSchema.parse(made.body).service.id).not.toBe(service.id);
  });

  it.each([
    ['/unsigned.xml', 'no signing certificate'],
    ['/expired.xml', 'expired'],
    ['/page.html', 'DOCTYPE'],
    ['/missing.xml', '404'],
  ])('refuses %s with its reason, and stores nothing', async (file, words) => {
    const before = await storeSnapshot(t.services);
    const answer = await main('post', path, fromUrl(file));
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'PASSI_PORTAL_SERVICE_METADATA_INVALID' } },
    });
    expect(JSON.stringify(answer.body)).toContain(words);
    expect(changedTables(before, await storeSnapshot(t.services))).toEqual([]);
  });

  it('an upload works like an address; both at once is refused', async () => {
    const xml = spMetadata('https://upload.example/saml', true);
    const uploaded = await main('post', path, { protocol: 'saml', name: { en: 'Upload' }, metadataXml: xml });
    expect(uploaded.status).toBe(201);
    const both = await main('post', path, { ...fromUrl('/good.xml'), metadataXml: xml });
    expect(both.status).toBe(400);
  });

  it('another organisation’s main user, a viewer and an education provider’s main user are refused (403, audited, nothing changed)', async () => {
    const callers: [string, ApiCall, string][] = [
      [
        'viewer',
        await apiAs(t, 'viewer@palvelu.example', 'service-viewer', SERVICE_PROVIDER),
        SERVICE_PROVIDER,
      ],
      [
        'education main, other organisation',
        await apiAs(t, 'edu@koulu.example', 'education-main', EDUCATION_PROVIDER),
        SERVICE_PROVIDER,
      ],
      [
        'education main, own organisation',
        await apiAs(t, 'edu2@koulu.example', 'education-main', EDUCATION_PROVIDER),
        EDUCATION_PROVIDER,
      ],
    ];
    for (const [who, call, organisationId] of callers) {
      const before = await storeSnapshot(t.services);
      const audit = await lastAuditId(t.services.db);
      const body = { protocol: 'oidc', name: { en: who }, redirectUris: ['https://rp.example.org/cb'] };
      const answer = await call('post', `/organisations/${organisationId}/services`, body);
      expect(answer, who).toMatchObject({ status: 403, body: { error: { code: 'PASSI_PORTAL_FORBIDDEN' } } });
      expect(changedTables(before, await storeSnapshot(t.services)), who).toEqual([]);
      expect(await auditSince(t.services.db, audit), who).toContainEqual(
        expect.objectContaining({ action: 'access-refused', subject: organisationId }),
      );
    }
  });
});
