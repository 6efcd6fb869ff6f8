import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { isPassiError } from '../../core/errors.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { bundledOrganisations } from '../../orgdata/bundled-snapshot.ts';
import { createOrgdataIndex } from '../../orgdata/orgdata-lookup.ts';
import { createRegistryRepository } from '../../registry/registry-repository.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalRole } from '../domain/roles.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { acceptInvitation, openInvitation } from './accept-invitation.ts';
import {
  applicationForOperator,
  approveApplication,
  listPendingApplications,
  rejectApplication,
} from './decide-join-application.ts';
import { invitationLinkOf, invitePerson } from './invite-person.ts';
import {
  type JoinApplicationInput,
  joinApplicationSchema,
  joinFieldErrors,
} from './join-application-schema.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { JOIN_POLICY, submitJoinApplication } from './submit-join-application.ts';
import { listTerms, publishTerms } from './terms-of-service.ts';
import {
  joinApplicationStatus,
  openJoinVerification,
  verifyJoinApplication,
} from './verify-join-application.ts';

const MANSIKKALA = '1.2.246.562.99.00000000001';

const valid = (over: Partial<Record<string, unknown>> = {}): Record<string, unknown> => ({
  kind: 'education',
  name: 'Mansikkalan testikoulutustoimija',
  street: 'Koulukatu 1',
  postalCode: '00530',
  city: 'Mansikkala',
  businessId: '0920632-0',
  contactName: 'Kaisa Yhteys',
  contactEmail: 'Kaisa@Example.FI',
  contactPhone: '+358 40 123 4567',
  personRegistries: ['wilma'],
  acceptTerms: true,
  termsVersion: 1,
  organisationOid: MANSIKKALA,
  ...over,
});

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return isPassiError(e) ? e.code : String(e);
  }
  return 'no error';
};

describe('join application schema', () => {
  it('names every invalid field, in form order, and checks the business id check digit', () => {
    const r = joinApplicationSchema.safeParse(
      valid({ postalCode: '0053', businessId: '0920632-1', contactEmail: 'nope', acceptTerms: false }),
    );
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(joinFieldErrors(r.error.issues)).toEqual([
      'postalCode',
      'businessId',
      'contactEmail',
      'acceptTerms',
    ]);
    expect(joinApplicationSchema.safeParse(valid()).success).toBe(true);
  });

  it('an education provider names a person registry; a service provider need not', () => {
    const edu = joinApplicationSchema.safeParse(valid({ personRegistries: [] }));
    expect(edu.success ? [] : joinFieldErrors(edu.error.issues)).toEqual(['personRegistries']);
    expect(joinApplicationSchema.safeParse(valid({ kind: 'service', personRegistries: [] })).success).toBe(
      true,
    );
  });

  it('bounds every text field', () => {
    const r = joinApplicationSchema.safeParse(valid({ name: 'x'.repeat(201), city: 'y'.repeat(101) }));
    expect(r.success ? [] : joinFieldErrors(r.error.issues)).toEqual(['name', 'city']);
  });
});

describeEachStore('joining Passi', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  const sent: MailMessage[] = [];
  const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
  const mailer: Mailer = { send: async (m) => void sent.push(m) };
  const operator: Principal = {
    personId: 'op-1',
    email: 'op@passi.test',
    displayName: 'Op',
    organisationId: 'passi',
    role: 'operator',
    via: 'session',
    authenticatedAt: clock.now(),
  };
  const as = (role: PortalRole): Principal => ({
    ...operator,
    personId: `p-${role}`,
    role,
    organisationId: MANSIKKALA,
  });
  const input = (over: Partial<Record<string, unknown>> = {}): JoinApplicationInput =>
    joinApplicationSchema.parse(valid(over));
  const linkToken = (m: MailMessage | undefined) => new URL(m?.link ?? 'x:').searchParams.get('token') ?? '';
  let ip = 0;
  const nextIp = () => `192.0.2.${++ip}`;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const box = createSecretBox(randomBytes(32));
    deps = {
      db: t.db,
      box,
      clock,
      mailer,
      publicUrl: 'https://passi.test',
      joining: {
        repo: createRegistryRepository(t.db, box),
        orgdata: () => createOrgdataIndex(bundledOrganisations()),
      },
    };
  });
  afterAll(() => t?.close());

  async function verified(over: Partial<Record<string, unknown>> = {}) {
    const { id } = await submitJoinApplication(deps, input(over), nextIp());
    const opened = await verifyJoinApplication(deps, linkToken(sent.at(-1)), nextIp());
    expect(opened.ok).toBe(true);
    return id;
  }

  it('joining is closed until the operator publishes terms; only operators publish', async () => {
    expect(await codeOf(submitJoinApplication(deps, input(), nextIp()))).toBe('PASSI_PORTAL_JOIN_CLOSED');
    expect(
      await codeOf(
        publishTerms(deps, as('education-main'), {
          fi: 'e'.repeat(30),
          sv: 'e'.repeat(30),
          en: 'e'.repeat(30),
        }),
      ),
    ).toBe('PASSI_PORTAL_FORBIDDEN');
    const v = await publishTerms(deps, operator, {
      fi: 'Ehdot '.repeat(5),
      sv: 'Villkor '.repeat(5),
      en: 'Terms '.repeat(5),
    });
    expect(v.id).toBe(1);
    expect(v.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await listTerms(deps, operator)).map((x) => x.id)).toEqual([1]);
  });

  it('a received application is invisible to the operator until its e-mail is verified', async () => {
    const { id, statusLink } = await submitJoinApplication(deps, input(), nextIp());
    const mail = sent.at(-1);
    expect(mail?.to).toBe('kaisa@example.fi');
    expect(mail?.text).toContain(statusLink);
    const token = linkToken(mail);
    const row = await t.db
      .selectFrom('portal_join_application')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await listPendingApplications(deps, operator)).map((a) => a.id)).not.toContain(id);
    expect(await codeOf(applicationForOperator(deps, operator, id))).toBe('PASSI_NOT_FOUND');

    const statusToken = new URL(statusLink).searchParams.get('token') ?? '';
    expect((await joinApplicationStatus(deps, statusToken))?.status).toBe('received');
    expect(await joinApplicationStatus(deps, token)).toBeUndefined();

    expect((await verifyJoinApplication(deps, token, nextIp())).ok).toBe(true);
    expect((await listPendingApplications(deps, operator)).map((a) => a.id)).toContain(id);
    expect((await joinApplicationStatus(deps, statusToken))?.status).toBe('verified');
    const acceptance = await t.db
      .selectFrom('portal_terms_acceptance')
      .selectAll()
      .where('application_id', '=', id)
      .execute();
    expect(acceptance).toMatchObject([{ terms_version: 1, accepted_by_email: 'kaisa@example.fi' }]);
  });

  it('a reused, expired or forged verification link says which', async () => {
    await submitJoinApplication(deps, input(), nextIp());
    const token = linkToken(sent.at(-1));
    expect(await openJoinVerification(deps, 'forged-token')).toEqual({ ok: false, problem: 'unknown' });
    expect((await verifyJoinApplication(deps, token, nextIp())).ok).toBe(true);
    expect(await verifyJoinApplication(deps, token, nextIp())).toEqual({ ok: false, problem: 'used' });

    await submitJoinApplication(deps, input(), nextIp());
    const late = linkToken(sent.at(-1));
    clock.advance(JOIN_POLICY.verifyTtlMs + 1000);
    try {
      expect(await verifyJoinApplication(deps, late, nextIp())).toEqual({ ok: false, problem: 'expired' });
    } finally {
      clock.advance(-(JOIN_POLICY.verifyTtlMs + 1000));
    }
  });

  it('refuses a client address after too many applications within the window', async () => {
    const from = nextIp();
    for (let i = 0; i < JOIN_POLICY.perClient; i++) await submitJoinApplication(deps, input(), from);
    expect(await codeOf(submitJoinApplication(deps, input(), from))).toBe('PASSI_RATE_LIMITED');
  });

  it('viewers and main users are refused (403) and audited; the application stays undecided', async () => {
    const id = await verified();
    for (const role of ['education-viewer', 'education-main', 'service-main'] as const) {
      expect(await codeOf(listPendingApplications(deps, as(role)))).toBe('PASSI_PORTAL_FORBIDDEN');
      expect(await codeOf(approveApplication(deps, as(role), { id }))).toBe('PASSI_PORTAL_FORBIDDEN');
      expect(await codeOf(rejectApplication(deps, as(role), { id, reason: 'no' }))).toBe(
        'PASSI_PORTAL_FORBIDDEN',
      );
    }
    const refusals = await t.db
      .selectFrom('portal_audit')
      .selectAll()
      .where('action', '=', 'access-refused')
      .execute();
    expect(refusals.length).toBeGreaterThanOrEqual(9);
    expect((await portalStores(t.db, clock).applications.byId(id))?.status).toBe('verified');
  });

  it('rejection needs a reason, which the applicant is told', async () => {
    const id = await verified();
    expect(await codeOf(rejectApplication(deps, operator, { id, reason: '  ' }))).toBe(
      'PASSI_REQUEST_INVALID',
    );
    await rejectApplication(deps, operator, { id, reason: 'Not an education provider' });
    expect(sent.at(-1)?.text).toContain('Not an education provider');
    const a = await portalStores(t.db, clock).applications.byId(id);
    expect(a).toMatchObject({ status: 'rejected', rejectReason: 'Not an education provider' });
    expect(await codeOf(rejectApplication(deps, operator, { id, reason: 'again' }))).toBe(
      'PASSI_PORTAL_APPLICATION_DECIDED',
    );
  });

  it('approval creates the organisation, records the acceptance against it and invites the main user', async () => {
    const id = await verified();
    const before = sent.length;
    const { organisationId } = await approveApplication(deps, operator, { id });
    expect(organisationId).toBe(MANSIKKALA);
    const [org] = (await deps.joining?.repo.list('organisation')) ?? [];
    expect(org?.doc).toMatchObject({
      oid: MANSIKKALA,
      businessId: '0920632-0',
      roles: ['educationProvider'],
      address: { street: 'Koulukatu 1', postalCode: '00530', city: 'Mansikkala' },
      contact: { name: 'Kaisa Yhteys', email: 'kaisa@example.fi' },
      contacts: [{ kind: 'technical', email: 'kaisa@example.fi' }],
      personRegistries: ['wilma'],
    });
    expect(await portalStores(t.db, clock).terms.acceptancesOf(MANSIKKALA)).toMatchObject([
      { termsVersion: 1 },
    ]);
    const mails = sent.slice(before);
    expect(mails.map((m) => m.to)).toEqual(['kaisa@example.fi', 'kaisa@example.fi']);
    const invitation = mails.find((m) => m.link?.includes('/portal/invitation'));
    const token = new URL(invitation?.link ?? 'x:').searchParams.get('token') ?? '';
    const open = await openInvitation(deps, token);
    expect(open).toMatchObject({ organisationId: MANSIKKALA, role: 'education-main' });
    const audit = await t.db
      .selectFrom('portal_audit')
      .selectAll()
      .where('action', '=', 'join-approved')
      .execute();
    expect(audit).toMatchObject([{ organisation_id: MANSIKKALA, actor: 'op-1' }]);
  });

  it('approving on a session needs a sign-in within the last 10 minutes; a stale one writes nothing', async () => {
    const id = await verified({ businessId: '1122334-9', contactEmail: 'stale@example.fi' });
    const version = await deps.joining?.repo.version();
    const stale = { ...operator, authenticatedAt: new Date(clock.now().getTime() - 11 * 60_000) };
    const refused = await codeOf(
      approveApplication(deps, stale, { id, organisationOid: '1.2.246.562.99.00000000055' }),
    );
    expect(refused).toBe('PASSI_PORTAL_SIGN_IN_REQUIRED');
    expect(await deps.joining?.repo.version()).toBe(version);
    const row = await t.db
      .selectFrom('portal_join_application')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('verified');
  });

  it('approval is atomic: an OID already in use, or a contact with an account, writes nothing', async () => {
    const version = await deps.joining?.repo.version();
    const invitations = async () => (await t.db.selectFrom('portal_invitation').selectAll().execute()).length;
    const before = await invitations();

    const sameOid = await verified({ businessId: '0201256-6', contactEmail: 'other@example.fi' });
    expect(await codeOf(approveApplication(deps, operator, { id: sameOid }))).toBe('PASSI_REGISTRY_CONFLICT');

    // The contact's account is disabled: fails after the registry write, inside the same transaction.
    const password = 'a long test passphrase';
    const { link } = invitationLinkOf(
      await invitePerson(deps, {
        email: 'taken@example.fi',
        organisationId: 'x',
        role: 'service-viewer',
        invitedBy: 'test',
      }),
    );
    const token = new URL(link).searchParams.get('token') ?? '';
    const open = await openInvitation(deps, token);
    const { TOTP, Secret } = await import('otpauth');
    const code = TOTP.generate({
      secret: Secret.fromBase32(open.totpSecret),
      timestamp: clock.now().getTime(),
    });
    expect(
      (await acceptInvitation(deps, { token, displayName: 'T', password, passwordAgain: password, code })).ok,
    ).toBe(true);
    // An active contact would simply be given the role; a disabled account cannot be, after the registry write.
    await t.db
      .updateTable('portal_person')
      .set({ status: 'disabled' })
      .where('email', '=', 'taken@example.fi')
      .execute();
    const taken = await verified({
      kind: 'service',
      businessId: '0201256-6',
      contactEmail: 'taken@example.fi',
      organisationOid: null,
    });
    expect(
      await codeOf(
        approveApplication(deps, operator, { id: taken, organisationOid: '1.2.246.562.99.00000000050' }),
      ),
    ).toBe('PASSI_REQUEST_INVALID');

    expect(await deps.joining?.repo.version()).toBe(version);
    expect((await deps.joining?.repo.list('organisation'))?.map((o) => o.id)).toEqual([MANSIKKALA]);
    expect(await invitations()).toBe(before + 1);
    const stores = portalStores(t.db, clock);
    expect((await stores.applications.byId(sameOid))?.status).toBe('verified');
    expect((await stores.applications.byId(taken))?.status).toBe('verified');
    expect(await stores.terms.acceptancesOf('1.2.246.562.99.00000000050')).toEqual([]);
  });

  it('"both" invites the education main user and grants service-main with the same account', async () => {
    const id = await verified({
      kind: 'both',
      businessId: '0201256-6',
      contactEmail: 'both@example.fi',
      organisationOid: null,
    });
    expect(await codeOf(approveApplication(deps, operator, { id }))).toBe('PASSI_REQUEST_INVALID');
    await approveApplication(deps, operator, { id, organisationOid: '1.2.246.562.99.00000000010' });
    const person = await portalStores(t.db, clock).people.findByEmail('both@example.fi');
    const roles = (await portalStores(t.db, clock).people.memberships(person?.id ?? '')).map((m) => m.role);
    expect(roles).toEqual(['service-main']);
    const invitation = await t.db
      .selectFrom('portal_invitation')
      .select('role')
      .where('person_id', '=', person?.id ?? '')
      .execute();
    expect(invitation).toEqual([{ role: 'education-main' }]);
  });
});
