import { afterAll, beforeAll, expect, it } from 'vitest';
import { testEntraUserAttributes } from '../../src/portal/commands/entra-attribute-test.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { closeServer } from '../support/fakes/listen.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENTRA_INTEGRATION, EXT, entraIntegrationYaml, startFakeEntra } from './entra-test-support.ts';
import { DEMO_INTEGRATION, integrationDeps, ORG_A, principalOf } from './integration-test-support.ts';
import { signedInBrowser } from './portal-support.ts';

const WRONG_SECRET_INTEGRATION = '4000402';
const ORG_B = '1.2.246.562.99.00000000078';
const ORG_B_INTEGRATION = '4000403';

describeEachStore(
  'test attributes of an Entra ID user (command, against a fake Microsoft Graph)',
  (store) => {
    let t: TestApp;
    let fake: Awaited<ReturnType<typeof startFakeEntra>>;
    const main = principalOf('main-person', 'education-main', ORG_A);
    const deps = () =>
      integrationDeps(t, { joining: { repo: t.services.repo, orgdata: t.services.orgdata } });
    const ids = (integrationId: string) => ({ organisationId: ORG_A, integrationId });
    const auditRows = () => t.services.db.selectFrom('portal_audit').selectAll().orderBy('id').execute();

    beforeAll(async () => {
      fake = await startFakeEntra();
      t = await createTestApp({
        store,
        registry: `
organisations:
  - oid: ${ORG_B}
    name: { fi: Kolmas koulutustoimija }
    roles: [educationProvider]
integrations:${entraIntegrationYaml(ENTRA_INTEGRATION, ORG_A, fake.base)}${entraIntegrationYaml(
          WRONG_SECRET_INTEGRATION,
          ORG_A,
          fake.base,
          'an-old-secret',
        )}${entraIntegrationYaml(ORG_B_INTEGRATION, ORG_B, fake.base)}
`,
      });
    });
    afterAll(async () => {
      await t?.close();
      await closeServer(fake.server);
    });

    it('a complete user: the data-model attributes are OK, fetched with the mapped names, no login', async () => {
      const result = await testEntraUserAttributes(
        deps(),
        main,
        ids(ENTRA_INTEGRATION),
        'complete@mansikkala.example',
        '192.0.2.1',
      );
      if (result.outcome !== 'fetched') throw new Error(`expected attributes, got ${JSON.stringify(result)}`);
      expect(result.blocked).toBe(false);
      expect(result.select).toEqual(
        expect.arrayContaining([
          'id',
          'givenName',
          'surname',
          `${EXT}_learnerId`,
          `${EXT}_schoolCode`,
          `${EXT}_role`,
        ]),
      );
      const status = Object.fromEntries(result.attributes.map((a) => [a.name, a.status]));
      expect(status).toMatchObject({ uid: 'ok', learnerId: 'ok', firstName: 'ok', surname: 'ok' });
      expect(result.attributes.find((a) => a.name === 'learnerId')?.values).toEqual([
        '1.2.246.562.98.30000000002',
      ]);
      expect(fake.ms.graphRequests.at(-1)?.path).toBe('/v1.0/users/complete%40mansikkala.example');
    });

    it('a user without a learner id: learnerId is an error with the rule, and a login would be refused', async () => {
      const result = await testEntraUserAttributes(
        deps(),
        main,
        ids(ENTRA_INTEGRATION),
        'nolearner@mansikkala.example',
        '192.0.2.1',
      );
      if (result.outcome !== 'fetched') throw new Error(`expected attributes, got ${JSON.stringify(result)}`);
      expect(result.blocked).toBe(true);
      const learnerId = result.attributes.find((a) => a.name === 'learnerId');
      expect(learnerId?.status).toBe('error');
      expect(learnerId?.rules.map((r) => r.code)).toEqual(['LEARNER_ID_MISSING']);
    });

    it('a wrong client secret: a clear message that the secret is wrong, nothing thrown', async () => {
      const result = await testEntraUserAttributes(
        deps(),
        main,
        ids(WRONG_SECRET_INTEGRATION),
        'complete@mansikkala.example',
        '192.0.2.1',
      );
      expect(result).toMatchObject({ outcome: 'graph-error', fix: 'credentials' });
      if (result.outcome === 'graph-error') expect(result.message).toContain('the client secret is wrong');
    });

    it('an unknown user: Graph 404 is told as such', async () => {
      const result = await testEntraUserAttributes(
        deps(),
        main,
        ids(ENTRA_INTEGRATION),
        'nobody@x.example',
        '192.0.2.1',
      );
      expect(result).toMatchObject({ outcome: 'graph-error', fix: 'user' });
    });

    it('a user id that would change the Graph path is refused before Graph is asked', async () => {
      const before = fake.ms.graphRequests.length;
      for (const bad of ['../me', 'a b', 'x?$select=*'])
        await expect(
          testEntraUserAttributes(deps(), main, ids(ENTRA_INTEGRATION), bad, '192.0.2.1'),
        ).rejects.toMatchObject({ code: 'PASSI_REQUEST_INVALID' });
      expect(fake.ms.graphRequests.length).toBe(before);
    });

    it('a non-Entra integration is refused clearly', async () => {
      await expect(
        testEntraUserAttributes(
          deps(),
          main,
          ids(DEMO_INTEGRATION),
          'complete@mansikkala.example',
          '192.0.2.1',
        ),
      ).rejects.toMatchObject({
        code: 'PASSI_REQUEST_INVALID',
        message: expect.stringContaining('Entra ID'),
      });
    });

    it('a viewer may not (it reads personal data): 403 and audited, Graph not asked', async () => {
      const before = fake.ms.graphRequests.length;
      await expect(
        testEntraUserAttributes(
          deps(),
          principalOf('viewer-person', 'education-viewer', ORG_A),
          ids(ENTRA_INTEGRATION),
          'complete@mansikkala.example',
          '192.0.2.1',
        ),
      ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });
      expect(fake.ms.graphRequests.length).toBe(before);
      expect((await auditRows()).at(-1)).toMatchObject({ action: 'access-refused', actor: 'viewer-person' });
    });

    it('another organisation: 403 + audit for its path, 404 + audit for its integration under ours', async () => {
      const before = fake.ms.graphRequests.length;
      const otherMain = principalOf('other-main', 'education-main', ORG_B);
      await expect(
        testEntraUserAttributes(
          deps(),
          otherMain,
          ids(ENTRA_INTEGRATION),
          'complete@mansikkala.example',
          '192.0.2.1',
        ),
      ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });
      expect((await auditRows()).at(-1)).toMatchObject({
        action: 'access-refused',
        actor: 'other-main',
        organisation_id: ORG_B,
        subject: ORG_A,
      });
      await expect(
        testEntraUserAttributes(
          deps(),
          main,
          ids(ORG_B_INTEGRATION),
          'complete@mansikkala.example',
          '192.0.2.1',
        ),
      ).rejects.toMatchObject({ code: 'PASSI_NOT_FOUND' });
      expect((await auditRows()).at(-1)).toMatchObject({ action: 'access-refused', actor: 'main-person' });
      expect(fake.ms.graphRequests.length).toBe(before);
    });

    it('the page: viewer 403, CSRF refused, the main user gets the table; nothing of it in the audit', async () => {
      const path = `${t.baseUrl}/portal/organisation/${ORG_A}/integrations/${ENTRA_INTEGRATION}/entra-attribute-test`;
      const viewer = await signedInBrowser(t, 'viewer-page@mansikkala.example', 'education-viewer', ORG_A);
      expect((await viewer.browser.get(path)).status).toBe(403);
      const asked = fake.ms.graphRequests.length;
      expect(
        (await viewer.browser.post(path, { csrf: viewer.csrf, userId: 'complete@mansikkala.example' }))
          .status,
      ).toBe(403);
      const mainUser = await signedInBrowser(t, 'main-page@mansikkala.example', 'education-main', ORG_A);
      expect(
        (await mainUser.browser.post(path, { csrf: 'wrong', userId: 'complete@mansikkala.example' })).status,
      ).toBe(403);
      expect(fake.ms.graphRequests.length).toBe(asked);
      const empty = await mainUser.browser.post(`${path}?lang=en`, { csrf: mainUser.csrf, userId: ' ' });
      expect(empty.status).toBe(400);
      expect(empty.body).toContain('href="#userId"');
      const shown = await mainUser.browser.post(`${path}?lang=en`, {
        csrf: mainUser.csrf,
        userId: 'complete@mansikkala.example',
      });
      expect(shown.status).toBe(200);
      expect(shown.body).toContain('data-attribute="learnerId" data-status="ok"');
      const notEntra = await mainUser.browser.get(path.replace(ENTRA_INTEGRATION, DEMO_INTEGRATION));
      expect(notEntra.status).toBe(200);
      expect(notEntra.body).toContain('id="not-entra"');
      expect(notEntra.body).not.toContain('name="userId"');
    });

    it('the audit says who tested which integration, never the user id or a value', async () => {
      const rows = (await auditRows()).filter((r) => r.action === 'entra-attribute-test');
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows[0]).toMatchObject({
        actor: 'main-person',
        organisation_id: ORG_A,
        subject: ENTRA_INTEGRATION,
      });
      const all = JSON.stringify(await auditRows());
      for (const secretish of [
        'complete@',
        'nolearner@',
        'nobody@',
        '1.2.246.562.98.30000000002',
        'Eero',
        'obj-1',
      ])
        expect(all).not.toContain(secretish);
    });
  },
);
