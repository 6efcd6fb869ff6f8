import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { integrationSchema } from '../../registry/integration-schema.ts';
import { createRegistryDirectory } from '../../registry/registry-directory.ts';
import { createRegistryRepository, type RegistryRepository } from '../../registry/registry-repository.ts';
import { createRegistryCache } from '../../registry/registry-snapshot.ts';
import { agreementKey, loadAcceptedAgreements } from '../../registry/service-agreements.ts';
import { serviceSchema } from '../../registry/service-schema.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import type { MailMessage } from '../mail/mailer.ts';
import type { PortalDeps } from './portal-deps.ts';
import {
  agreementRequests,
  decideAgreement,
  requestAgreement,
  servicesForPupils,
  withdrawAgreement,
} from './service-agreements.ts';

const EDU = '1.2.246.562.99.00000000011';
const SP = '1.2.246.562.99.00000000022';
const OTHER_SP = '1.2.246.562.99.00000000033';
const BY_AGREEMENT = 'agreement-sp';
const OPEN = 'open-sp';
const INTEGRATION = '4000111';
const IP = '192.0.2.7';

const service = (id: string, access: 'open' | 'agreement') =>
  serviceSchema.parse({
    id,
    organisationOid: SP,
    name: { fi: `Palvelu ${id}`, en: `Service ${id}` },
    serviceSets: ['agreement-tests'],
    access,
    protocol: 'oidc',
    oidc: { clientId: `${id}-client-id`, redirectUris: [`https://${id}.example/cb`] },
  });

describeEachStore(
  'services by agreement: requests, decisions and the login’s view',
  (kind: TestStoreKind) => {
    let t: TestDb;
    let repo: RegistryRepository;
    let deps: PortalDeps;
    const mails: MailMessage[] = [];
    const clock = fixedClock(new Date('2026-12-04T08:00:00Z'));
    const person = (organisationId: string, role: Principal['role'], id: string = role): Principal => ({
      personId: `person-${id}`,
      email: `${id}@example.fi`,
      displayName: id,
      organisationId,
      role,
      via: 'session',
      authenticatedAt: clock.now(),
    });
    const eduMain = person(EDU, 'education-main');
    const spMain = person(SP, 'service-main');
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: { code?: string }) => e.code,
      );
    const stateOf = async (organisationId: string, serviceId: string) =>
      (
        await t.db
          .selectFrom('service_agreement')
          .select('state')
          .where('organisation_id', '=', organisationId)
          .where('service_id', '=', serviceId)
          .executeTakeFirst()
      )?.state;
    const auditActions = async () =>
      (await t.db.selectFrom('portal_audit').select(['action', 'subject']).orderBy('id').execute()).map(
        (r) => `${r.action} ${r.subject ?? ''}`,
      );
    /** What the login sees: the integration among the service's candidates, and whether it waits. */
    const loginView = async () => {
      const directory = createRegistryDirectory(deps.registry?.cache ?? createRegistryCache(repo));
      const candidate = (await directory.candidates(BY_AGREEMENT, [])).find((c) => c.id === INTEGRATION);
      return candidate
        ? candidate.agreementMissing
          ? 'refused: agreement missing'
          : 'allowed'
        : 'not offered';
    };

    beforeAll(async () => {
      t = await createTestDb(kind);
      repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
      const contacts = (who: string) => [
        { kind: 'technical' as const, name: who, email: `tech@${who}.example` },
      ];
      await repo.upsertMany(
        [
          {
            kind: 'organisation',
            doc: {
              oid: EDU,
              name: { fi: 'Opetus' },
              roles: ['educationProvider'],
              contacts: contacts('edu'),
            },
          },
          {
            kind: 'organisation',
            doc: {
              oid: SP,
              name: { fi: 'Palveluyhtiö' },
              roles: ['serviceProvider'],
              contacts: contacts('sp'),
            },
          },
          {
            kind: 'organisation',
            doc: { oid: OTHER_SP, name: { fi: 'Toinen yhtiö' }, roles: ['serviceProvider'] },
          },
          {
            kind: 'serviceSet',
            doc: { id: 'agreement-tests', name: { fi: 'Sopimustestit' }, organisationOid: SP },
          },
          { kind: 'service', doc: service(BY_AGREEMENT, 'agreement') },
          { kind: 'service', doc: service(OPEN, 'open') },
          {
            kind: 'integration',
            doc: integrationSchema.parse({
              id: INTEGRATION,
              organisationOid: EDU,
              type: 'test-directory',
              flowName: 'SopimusTesti',
              deploymentPhase: 'test',
            }),
          },
        ],
        'test',
      );
      deps = {
        db: t.db,
        box: createSecretBox(randomBytes(32)),
        clock,
        mailer: { send: async (m) => void mails.push(m) },
        publicUrl: 'https://passi.test',
        registry: {
          cache: createRegistryCache(repo, { agreements: () => loadAcceptedAgreements(t.db) }),
          repo,
        },
      };
    });
    afterAll(() => t?.close());

    it('a service defaults to open; the schema keeps `agreement`', () => {
      const { access: _left, ...withoutAccess } = service(OPEN, 'open');
      expect(serviceSchema.parse(withoutAccess).access).toBe('open');
      expect(service(BY_AGREEMENT, 'agreement').access).toBe('agreement');
    });

    it('before any request: the open service is usable, the one by agreement is not, and the login refuses it', async () => {
      const view = await servicesForPupils(deps, person(EDU, 'education-viewer'), EDU, IP);
      const row = (id: string) => view.services.find((s) => s.serviceId === id);
      expect(row(OPEN)).toMatchObject({ access: 'open', usableNow: true, reason: null });
      expect(row(BY_AGREEMENT)).toMatchObject({
        access: 'agreement',
        usableNow: false,
        reason: 'agreement-not-requested',
      });
      expect(await loginView()).toBe('refused: agreement missing');
    });

    describe('who may request', () => {
      it('a viewer and a service provider’s main user are refused (403, audited, nothing stored)', async () => {
        for (const p of [person(EDU, 'education-viewer'), person(EDU, 'service-main', 'edu-service-main')]) {
          expect(await code(requestAgreement(deps, p, EDU, BY_AGREEMENT, IP))).toBe(
            ErrorCodes.PORTAL_FORBIDDEN,
          );
        }
        expect(await stateOf(EDU, BY_AGREEMENT)).toBeUndefined();
        expect((await auditActions()).filter((a) => a === `access-refused ${EDU}`)).toHaveLength(2);
      });

      it('another organisation’s main user cannot request for it', async () => {
        const other = person(OTHER_SP, 'education-main', 'other-main');
        expect(await code(requestAgreement(deps, other, EDU, BY_AGREEMENT, IP))).toBe(
          ErrorCodes.PORTAL_FORBIDDEN,
        );
        expect(await stateOf(EDU, BY_AGREEMENT)).toBeUndefined();
      });

      it('an open service needs no agreement (400); an unknown service is 404', async () => {
        expect(await code(requestAgreement(deps, eduMain, EDU, OPEN, IP))).toBe(ErrorCodes.REQUEST_INVALID);
        expect(await code(requestAgreement(deps, eduMain, EDU, 'no-such', IP))).toBe(ErrorCodes.NOT_FOUND);
      });
    });

    it('the main user requests: stored, audited, mailed to the service provider; the login still refuses', async () => {
      const versionBefore = await repo.version();
      mails.length = 0;
      const a = await requestAgreement(deps, eduMain, EDU, BY_AGREEMENT, IP);
      expect(a).toMatchObject({ organisationId: EDU, serviceId: BY_AGREEMENT, state: 'requested' });
      expect(await repo.version()).toBeGreaterThan(versionBefore);
      expect(await auditActions()).toContain(`agreement-requested ${a.id}`);
      expect(mails.map((m) => m.to)).toEqual(['tech@sp.example']);
      expect(mails[0]?.text).toContain(
        'https://passi.test/portal/organisation/1.2.246.562.99.00000000022/agreement-requests',
      );
      expect(mails[0]?.text).toContain('Opetus');
      expect(await code(requestAgreement(deps, eduMain, EDU, BY_AGREEMENT, IP))).toBe(
        ErrorCodes.PORTAL_AGREEMENT_STATE,
      );
      const row = (await servicesForPupils(deps, eduMain, EDU, IP)).services.find(
        (s) => s.serviceId === BY_AGREEMENT,
      );
      expect(row).toMatchObject({ usableNow: false, reason: 'agreement-requested' });
      expect(await loginView()).toBe('refused: agreement missing');
    });

    describe('only the owning service provider decides', () => {
      const openId = async () => {
        const r = await agreementRequests(deps, spMain, SP, IP);
        const open = r.requests.find((q) => q.state === 'requested');
        if (!open) throw new Error('no open request');
        return open.id;
      };

      it('another service provider’s main user cannot accept it, even naming its own organisation (403, audited)', async () => {
        const id = await openId();
        const other = person(OTHER_SP, 'service-main', 'other-sp-main');
        expect(await code(decideAgreement(deps, other, OTHER_SP, id, { accept: true }, IP))).toBe(
          ErrorCodes.PORTAL_FORBIDDEN,
        );
        expect(await code(decideAgreement(deps, other, SP, id, { accept: true }, IP))).toBe(
          ErrorCodes.PORTAL_FORBIDDEN,
        );
        expect(await auditActions()).toContain(`access-refused ${OTHER_SP}`);
        expect(await auditActions()).toContain(`access-refused ${SP}`);
        expect(await stateOf(EDU, BY_AGREEMENT)).toBe('requested');
        expect((await agreementRequests(deps, other, OTHER_SP, IP)).requests).toEqual([]);
      });

      it('the requesting education provider cannot accept its own request; a viewer cannot either', async () => {
        const id = await openId();
        expect(await code(decideAgreement(deps, eduMain, EDU, id, { accept: true }, IP))).toBe(
          ErrorCodes.PORTAL_FORBIDDEN,
        );
        expect(
          await code(decideAgreement(deps, person(SP, 'service-viewer'), SP, id, { accept: true }, IP)),
        ).toBe(ErrorCodes.PORTAL_FORBIDDEN);
        expect(await stateOf(EDU, BY_AGREEMENT)).toBe('requested');
      });

      it('a decline needs a reason', async () => {
        const id = await openId();
        expect(await code(decideAgreement(deps, spMain, SP, id, { accept: false, reason: '  ' }, IP))).toBe(
          ErrorCodes.REQUEST_INVALID,
        );
        expect(await stateOf(EDU, BY_AGREEMENT)).toBe('requested');
      });

      it('the owner declines with a reason: the education provider is told why, the login keeps refusing', async () => {
        const id = await openId();
        mails.length = 0;
        const declined = await decideAgreement(
          deps,
          spMain,
          SP,
          id,
          { accept: false, reason: 'Vain lukioille.' },
          IP,
        );
        expect(declined).toMatchObject({
          state: 'declined',
          reason: 'Vain lukioille.',
          decidedBy: 'person-service-main',
        });
        expect(mails.map((m) => m.to)).toEqual(['tech@edu.example']);
        expect(mails[0]?.text).toContain('Vain lukioille.');
        const row = (await servicesForPupils(deps, eduMain, EDU, IP)).services.find(
          (s) => s.serviceId === BY_AGREEMENT,
        );
        expect(row).toMatchObject({ reason: 'agreement-declined', agreement: { reason: 'Vain lukioille.' } });
        expect(await loginView()).toBe('refused: agreement missing');
        // A decided request is not decided again.
        expect(await code(decideAgreement(deps, spMain, SP, id, { accept: true }, IP))).toBe(
          ErrorCodes.PORTAL_AGREEMENT_STATE,
        );
      });

      it('a new request, accepted: usable now, and the login allows it on this node and on another', async () => {
        const otherNode = createRegistryCache(repo, { agreements: () => loadAcceptedAgreements(t.db) });
        expect((await otherNode.current()).acceptedAgreements.has(agreementKey(EDU, BY_AGREEMENT))).toBe(
          false,
        );
        await requestAgreement(deps, eduMain, EDU, BY_AGREEMENT, IP);
        const id = await openId();
        const accepted = await decideAgreement(deps, spMain, SP, id, { accept: true }, IP);
        expect(accepted.state).toBe('accepted');
        expect(await auditActions()).toContain(`agreement-accepted ${id}`);
        const row = (await servicesForPupils(deps, eduMain, EDU, IP)).services.find(
          (s) => s.serviceId === BY_AGREEMENT,
        );
        expect(row).toMatchObject({ usableNow: true, reason: null });
        expect(await loginView()).toBe('allowed');
        // The other node never heard a notification (not listening): the version bump alone makes it reload.
        expect((await otherNode.current()).acceptedAgreements.has(agreementKey(EDU, BY_AGREEMENT))).toBe(
          true,
        );
      });

      it('the education provider withdraws: refused again', async () => {
        const withdrawn = await withdrawAgreement(deps, eduMain, EDU, BY_AGREEMENT, IP);
        expect(withdrawn.state).toBe('withdrawn');
        expect(await loginView()).toBe('refused: agreement missing');
        expect(await code(withdrawAgreement(deps, eduMain, EDU, BY_AGREEMENT, IP))).toBe(
          ErrorCodes.PORTAL_AGREEMENT_STATE,
        );
      });
    });

    it('an integration not allowing the service is named as the reason before any agreement', async () => {
      await repo.upsertMany(
        [
          {
            kind: 'integration',
            doc: integrationSchema.parse({
              id: INTEGRATION,
              organisationOid: EDU,
              type: 'test-directory',
              flowName: 'SopimusTesti',
              deploymentPhase: 'test',
              allowedServices: [OPEN],
            }),
          },
        ],
        'test',
      );
      const row = (await servicesForPupils(deps, eduMain, EDU, IP)).services.find(
        (s) => s.serviceId === BY_AGREEMENT,
      );
      expect(row).toMatchObject({ usableNow: false, reason: 'not-allowed' });
      expect(await loginView()).toBe('not offered');
    });
  },
);
