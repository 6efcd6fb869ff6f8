import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { createRegistryRepository } from '../../registry/registry-repository.ts';
import { createRegistryCache } from '../../registry/registry-snapshot.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import type { Principal } from '../domain/principal.ts';
import type { MailMessage } from '../mail/mailer.ts';
import { invitationLinkOf, invitePerson } from './invite-person.ts';
import { organisationAudit } from './organisation-audit.ts';
import { listOrganisations, organisationOverview } from './organisation-overview.ts';
import { invitableRoles, inviteToOrganisation, removeFromOrganisation } from './organisation-people.ts';
import type { OrganisationRegistry } from './organisation-registry.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';
import { saveContacts } from './save-contacts.ts';

const EDU = '1.2.246.562.99.00000000001';
const SVC = '1.2.246.562.99.00000000002';

describeEachStore('portal organisation commands', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  let registry: OrganisationRegistry;
  const sent: MailMessage[] = [];
  const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
  const principal = (over: Partial<Principal>): Principal => ({
    personId: '00000000-0000-4000-8000-000000000001',
    email: 'main@example.fi',
    displayName: 'Main',
    organisationId: EDU,
    role: 'education-main',
    via: 'session',
    authenticatedAt: clock.now(),
    ...over,
  });

  beforeAll(async () => {
    t = await createTestDb(kind);
    const repo = createRegistryRepository(t.db, createSecretBox(randomBytes(32)));
    await repo.upsertMany(
      [
        { kind: 'organisation', doc: { oid: EDU, name: { fi: 'Koulutus' }, roles: ['educationProvider'] } },
        { kind: 'organisation', doc: { oid: SVC, name: { fi: 'Palvelu' }, roles: ['serviceProvider'] } },
      ],
      'test',
    );
    registry = { cache: createRegistryCache(repo), repo };
    deps = {
      db: t.db,
      box: createSecretBox(randomBytes(32)),
      clock,
      mailer: { send: async (m) => void sent.push(m) },
      publicUrl: 'https://passi.test',
    };
  });
  afterAll(() => t?.close());

  it('saves contacts through the registry (audit before → after) and refuses a list without a technical contact', async () => {
    const main = principal({});
    const tech = { kind: 'technical' as const, name: 'Tea', email: 'Tea@Example.fi' };
    expect(await saveContacts(deps, registry, main, EDU, [tech], '192.0.2.1')).toEqual({ changed: true });
    expect((await registry.cache.current()).organisations.get(EDU)?.contacts).toEqual([
      { kind: 'technical', name: 'Tea', email: 'tea@example.fi' },
    ]);
    await expect(
      saveContacts(deps, registry, main, EDU, [{ ...tech, kind: 'security' }], '192.0.2.1'),
    ).rejects.toMatchObject({ code: 'PASSI_PORTAL_TECHNICAL_CONTACT_REQUIRED' });
    await expect(
      saveContacts(deps, registry, main, EDU, [{ ...tech, email: 'nope' }], '192.0.2.1'),
    ).rejects.toMatchObject({ code: 'PASSI_REQUEST_INVALID' });
    const audit = await organisationAudit(deps, main, EDU, 1, '192.0.2.1');
    const change = audit.entries.find((e) => e.who === 'portal:main@example.fi');
    expect(change?.changes).toContainEqual({ path: 'contacts[0].name', before: '(unset)', after: '"Tea"' });
    expect(audit.entries.at(-1)?.action).toBe('create');
  });

  it('refuses viewers and other organisations with 403, audited, and changes nothing', async () => {
    const before = (await registry.cache.current()).organisations.get(EDU)?.contacts;
    const contact = [{ kind: 'technical' as const, name: 'X', email: 'x@example.fi' }];
    await expect(
      saveContacts(deps, registry, principal({ role: 'education-viewer' }), EDU, contact, '192.0.2.2'),
    ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' });
    await expect(
      saveContacts(deps, registry, principal({}), SVC, contact, '192.0.2.2'),
    ).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
    });
    await expect(organisationOverview(deps, registry, principal({}), SVC, '192.0.2.2')).rejects.toMatchObject(
      {
        code: 'PASSI_PORTAL_FORBIDDEN',
      },
    );
    await expect(listOrganisations(deps, registry, principal({}), '', '192.0.2.2')).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
    });
    expect((await registry.cache.current()).organisations.get(EDU)?.contacts).toEqual(before);
    const refused = (await portalStores(t.db).audit.list({ limit: 4 })).map((r) => [r.action, r.subject]);
    expect(refused).toEqual([
      ['access-refused', '*'],
      ['access-refused', SVC],
      ['access-refused', SVC],
      ['access-refused', EDU],
    ]);
    const operator = principal({ role: 'operator', organisationId: 'passi' });
    expect(
      (await listOrganisations(deps, registry, operator, 'palv', '192.0.2.3')).map((o) => o.organisationId),
    ).toEqual([SVC]);
  });

  it('hands out only the roles of the inviter’s kind, and only after a fresh sign-in', () => {
    const edu = { roles: ['educationProvider' as const] };
    expect(invitableRoles({ role: 'education-main' }, edu)).toEqual(['education-main', 'education-viewer']);
    expect(invitableRoles({ role: 'service-main' }, edu)).toEqual(['service-main', 'service-viewer']);
    expect(invitableRoles({ role: 'education-viewer' }, edu)).toEqual([]);
    expect(
      invitableRoles({ role: 'operator' }, { roles: ['educationProvider', 'serviceProvider'] }),
    ).toHaveLength(4);
    return Promise.all([
      expect(
        inviteToOrganisation(
          deps,
          registry,
          principal({}),
          EDU,
          { email: 'a@example.fi', role: 'service-main' },
          'ip',
        ),
      ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' }),
      expect(
        inviteToOrganisation(
          deps,
          registry,
          principal({ authenticatedAt: new Date(clock.now().getTime() - 11 * 60_000) }),
          EDU,
          { email: 'a@example.fi', role: 'education-viewer' },
          'ip',
        ),
      ).rejects.toMatchObject({ code: 'PASSI_PORTAL_SIGN_IN_REQUIRED' }),
      expect(
        inviteToOrganisation(
          deps,
          registry,
          principal({ via: 'token' }),
          EDU,
          { email: 'a@example.fi', role: 'education-viewer' },
          'ip',
        ),
      ).rejects.toMatchObject({ code: 'PASSI_PORTAL_FORBIDDEN' }),
    ]);
  });

  it('adds a membership to an existing account with a notice instead of a set-up link; removes people and their sessions', async () => {
    const stores = portalStores(t.db, clock);
    const existing = await stores.people.ensureInvited('erik@example.fi');
    await stores.people.activate(existing.id, {
      displayName: 'Erik',
      passwordHash: 'x',
      totpSecretSealed: null,
      totpStep: null,
    });
    await stores.people.addMembership(existing.id, { organisationId: SVC, role: 'service-viewer' });
    sent.length = 0;
    const result = await inviteToOrganisation(
      deps,
      registry,
      principal({}),
      EDU,
      { email: 'ERIK@example.fi', role: 'education-viewer' },
      'ip',
    );
    expect(result).toEqual({ kind: 'membership-added' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain('/portal/sign-in');
    expect(sent[0]?.text).not.toContain('/portal/invitation');
    expect(await stores.people.memberships(existing.id)).toContainEqual({
      organisationId: EDU,
      role: 'education-viewer',
    });

    // A new person still gets a single-use set-up link.
    const invited = invitationLinkOf(
      await invitePerson(deps, {
        email: 'new@example.fi',
        organisationId: EDU,
        role: 'education-viewer',
        invitedBy: 'test',
      }),
    );
    expect(invited.link).toContain('/portal/invitation?token=');

    await stores.sessions.create({
      idHash: 'erik-session',
      personId: existing.id,
      organisationId: EDU,
      role: 'education-viewer',
      csrfToken: 'c',
      createdAt: clock.now(),
      lastSeenAt: clock.now(),
      authenticatedAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 3_600_000),
    });
    expect(await removeFromOrganisation(deps, principal({}), EDU, existing.id, 'ip')).toEqual({
      sessionsEnded: 1,
    });
    expect(await stores.sessions.find('erik-session')).toBeUndefined();
    expect(await stores.people.memberships(existing.id)).toEqual([
      { organisationId: SVC, role: 'service-viewer' },
    ]);
    await expect(removeFromOrganisation(deps, principal({}), EDU, existing.id, 'ip')).rejects.toMatchObject({
      code: 'PASSI_NOT_FOUND',
    });
  });

  it('refuses the last main user removing themself', async () => {
    const stores = portalStores(t.db, clock);
    const only = await stores.people.ensureInvited('only.main@example.fi');
    await stores.people.activate(only.id, {
      displayName: 'Only',
      passwordHash: 'x',
      totpSecretSealed: null,
      totpStep: null,
    });
    await stores.people.addMembership(only.id, { organisationId: SVC, role: 'service-main' });
    const self = principal({ personId: only.id, organisationId: SVC, role: 'service-main' });
    await expect(removeFromOrganisation(deps, self, SVC, only.id, 'ip')).rejects.toMatchObject({
      code: 'PASSI_PORTAL_LAST_MAIN_USER',
    });
    expect(await stores.people.memberships(only.id)).toEqual([{ organisationId: SVC, role: 'service-main' }]);
  });
});
