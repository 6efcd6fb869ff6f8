import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { createSecretBox } from '../../store/secret-box.ts';
import { createTestDb, type TestDb, type TestStoreKind } from '../../store/testing/test-db.ts';
import { type PortalDeps, portalStores } from '../commands/portal-deps.ts';
import type { PortalRole } from '../domain/roles.ts';
import { hashToken, newSecretToken } from '../domain/secret-token.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import { portalCookies } from './portal-cookies.ts';
import { authoriseChange, checkCsrf, lookUpSession } from './portal-session.ts';

describeEachStore('portal sessions and authorisation', (kind: TestStoreKind) => {
  let t: TestDb;
  let deps: PortalDeps;
  const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
  const cookies = portalCookies('https://passi.test');
  beforeAll(async () => {
    t = await createTestDb(kind);
    deps = {
      db: t.db,
      box: createSecretBox(randomBytes(32)),
      clock,
      mailer: { send: async () => {} },
      publicUrl: 'https://passi.test',
    };
  });
  afterAll(() => t?.close());

  /** An active person with a session in `role` for `organisationId`; returns the cookie value. */
  async function sessionFor(email: string, role: PortalRole, organisationId: string): Promise<string> {
    const stores = portalStores(t.db, clock);
    const person = await stores.people.ensureInvited(email);
    await stores.people.activate(person.id, {
      displayName: email,
      passwordHash: 'x',
      totpSecretSealed: 'x',
      totpStep: 0,
    });
    const token = newSecretToken();
    const now = clock.now();
    await stores.sessions.create({
      idHash: hashToken(token),
      personId: person.id,
      organisationId,
      role,
      csrfToken: 'csrf-of-this-session',
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      expiresAt: new Date(now.getTime() + SESSION_POLICY.absoluteMs),
    });
    return token;
  }
  const request = (token: string) =>
    ({ cookies: { '__Host-passi_portal': token }, ip: '192.0.2.9' }) as unknown as FastifyRequest;

  it('a session ends after 30 minutes without activity', async () => {
    const token = await sessionFor('idle@example.fi', 'education-main', 'org-a');
    clock.advance(SESSION_POLICY.idleMs - 60_000);
    expect((await lookUpSession(deps, cookies, request(token))).viewer?.person.email).toBe('idle@example.fi');
    clock.advance(SESSION_POLICY.idleMs + 1000);
    expect(await lookUpSession(deps, cookies, request(token))).toEqual({ viewer: undefined, ended: true });
    const audit = await portalStores(t.db).audit.list({ limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'session-expired', detail: { why: 'idle' } });
  });

  it('an active session still ends 12 hours after sign-in', async () => {
    const token = await sessionFor('busy@example.fi', 'education-main', 'org-a');
    for (let elapsed = 0; elapsed < SESSION_POLICY.absoluteMs - 20 * 60_000; elapsed += 20 * 60_000) {
      clock.advance(20 * 60_000);
      expect((await lookUpSession(deps, cookies, request(token))).viewer).toBeDefined();
    }
    clock.advance(40 * 60_000);
    expect((await lookUpSession(deps, cookies, request(token))).viewer).toBeUndefined();
  });

  it('a CSRF token other than the session’s is refused', async () => {
    const token = await sessionFor('csrf@example.fi', 'service-main', 'org-b');
    const found = await lookUpSession(deps, cookies, request(token));
    if (!found.viewer) throw new Error('no session');
    expect(() => checkCsrf(found.viewer, 'csrf-of-this-session')).not.toThrow();
    expect(() => checkCsrf(found.viewer, 'csrf-of-another-session')).toThrow(
      expect.objectContaining({ code: 'PASSI_FORM_TOKEN_INVALID', status: 403 }),
    );
    expect(() => checkCsrf(found.viewer, undefined)).toThrow();
  });

  it('viewers and other organisations are refused with 403, and the refusal is audited', async () => {
    const viewerToken = await sessionFor('viewer@example.fi', 'education-viewer', 'org-a');
    const mainToken = await sessionFor('main@example.fi', 'education-main', 'org-a');
    const operatorToken = await sessionFor('operator@example.fi', 'operator', 'passi');
    const viewer = (await lookUpSession(deps, cookies, request(viewerToken))).viewer;
    const main = (await lookUpSession(deps, cookies, request(mainToken))).viewer;
    const operator = (await lookUpSession(deps, cookies, request(operatorToken))).viewer;
    if (!viewer || !main || !operator) throw new Error('no session');

    await expect(authoriseChange(deps, viewer, 'org-a', 'edit', '192.0.2.9')).rejects.toMatchObject({
      code: 'PASSI_PORTAL_FORBIDDEN',
      status: 403,
    });
    await expect(authoriseChange(deps, main, 'org-b', 'edit', '192.0.2.9')).rejects.toMatchObject({
      status: 403,
    });
    await expect(authoriseChange(deps, main, 'org-a', 'edit', '192.0.2.9')).resolves.toBeUndefined();
    await expect(authoriseChange(deps, operator, 'org-b', 'edit', '192.0.2.9')).resolves.toBeUndefined();
    const refusals = (await portalStores(t.db).audit.list({ limit: 10 })).filter(
      (r) => r.action === 'access-refused',
    );
    expect(refusals.map((r) => [r.actor === main.person.id ? 'main' : 'viewer', r.subject])).toEqual([
      ['main', 'org-b'],
      ['viewer', 'org-a'],
    ]);
  });
});
