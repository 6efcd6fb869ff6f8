/**
 * The whole joining journey in Debian's Chromium, on both stores (docs/portal.md "Joining", "People",
 * "Readiness checklist"): an applicant joins, verifies the e-mail address with the link a real SMTP
 * server received, the operator approves, the contact person accepts the invitation with a password and
 * a second factor — a passkey on a virtual authenticator (Chrome DevTools Protocol, WebAuthn domain) or an
 * authenticator app's TOTP code — signs in, sees the readiness checklist of the registry the application
 * named (Wilma), invites a viewer, and the viewer signs in and can change nothing: no change form is shown,
 * and the changes a viewer could craft with their own CSRF token are refused on the pages and the API.
 * The same for a service provider, whose organisation has no person registry and so no checklist.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../discovery/chromium.ts';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  type Account,
  type Applicant,
  journeySteps,
  type SecondFactor,
  shot,
  text,
} from './journey-steps.ts';
import { invitationLink } from './portal-support.ts';
import { startSmtpInbox } from './smtp-inbox.ts';

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

interface Journey {
  applicant: Applicant;
  factor: SecondFactor;
  /** The OID the operator assigns when the organisation data proposes none. */
  oid?: string;
  /** The OID Passi proposes from the organisation data, found by the applicant's name. */
  proposedOid?: string;
  role: string;
  viewerRole: 'education-viewer' | 'service-viewer';
}

const JOURNEYS: Journey[] = [
  {
    applicant: {
      kind: 'education',
      name: 'Mustikkalan testikoulutustoimija',
      businessId: '2345678-0',
      email: 'kaisa@mustikkala.example',
    },
    factor: 'passkey',
    proposedOid: '1.2.246.562.99.00000000010',
    role: 'Education provider main user',
    viewerRole: 'education-viewer',
  },
  {
    applicant: {
      kind: 'education',
      name: 'Puolukkalan koulutuskuntayhtymä',
      businessId: '4567890-7',
      email: 'pekka@puolukkala.example',
    },
    factor: 'totp',
    oid: '1.2.246.562.99.00000000078',
    role: 'Education provider main user',
    viewerRole: 'education-viewer',
  },
  {
    applicant: {
      kind: 'service',
      name: 'Oppimisalusta Oy',
      businessId: '7654321-2',
      email: 'palvelu@alusta.example',
    },
    factor: 'passkey',
    oid: '1.2.246.562.99.00000000077',
    role: 'Service provider main user',
    viewerRole: 'service-viewer',
  },
  {
    applicant: {
      kind: 'service',
      name: 'Tehtäväpankki Oy',
      businessId: '5678901-2',
      email: 'tuki@tehtavapankki.example',
    },
    factor: 'totp',
    oid: '1.2.246.562.99.00000000076',
    role: 'Service provider main user',
    viewerRole: 'service-viewer',
  },
];

const suite: typeof describeEachStore = chromiumAvailable
  ? describeEachStore
  : (title, body) => describe.skip(`${title} (SKIPPED: ${CHROMIUM_SKIP_REASON})`, () => body('embedded'));

suite('the whole joining journey in Chromium', (store) => {
  let t: TestApp;
  let browser: Browser;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let steps: ReturnType<typeof journeySteps>;
  let operator: Page;
  // Screenshots for docs/portal.md come from one run only.
  const screenshots = store === 'embedded';

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    [t, browser] = await Promise.all([
      createTestApp({ store, config: { smtpUrl: inbox.url } }),
      launchChromium(),
    ]);
    steps = journeySteps(t, inbox, browser);
    operator = await steps.signedInOperator();
  }, 120_000);
  afterAll(async () => {
    await steps?.closeAll();
    await browser?.close();
    await t?.close();
    await inbox?.close();
  });

  it.each(JOURNEYS)(
    '$applicant.kind provider with a $factor: joins, is approved, signs in, invites a viewer who can change nothing',
    async (j) => {
      const a = j.applicant;
      const first = screenshots && j === JOURNEYS[0];
      // 1. The applicant joins and verifies the e-mail address.
      const applicant = await steps.newPage();
      const statusLink = await steps.applyAndVerify(applicant, a, first);
      await applicant.goto(`${statusLink}&lang=en`);
      expect(await text(applicant.locator('.join-status'))).toBe('Current status: E-mail address verified');
      if (first) await shot(applicant, 'join-status.png');

      // 2. The operator approves; the contact person gets the invitation, the applicant the decision.
      await steps.approveInBrowser(operator, a.name, { oid: j.oid, screenshots: first });
      const invitation = await inbox.next();
      expect(invitation.to).toEqual([a.email]);
      expect((await inbox.next()).text).toContain('hyväksytty');
      await applicant.goto(`${statusLink}&lang=en`);
      expect(await text(applicant.locator('.join-status'))).toBe('Current status: Approved');

      // 3. The contact person sets up the account with the second factor and signs in.
      const main = await steps.newPage({ factor: j.factor });
      const mainAccount = await steps.setUpAccount(
        main,
        invitationLink(invitation.text),
        'Kaisa Yhteys',
        a.email,
        j.factor,
      );
      await steps.signIn(main, mainAccount);
      const who = main.getByRole('region', { name: 'Signed-in user' });
      expect(await text(who.locator('.who-org'))).toBe(a.name);
      expect(await text(who.locator('.who-role'))).toBe(j.role);
      const oid = j.oid ?? j.proposedOid ?? '';

      // 4. An education provider sees what its registry (Wilma, named in the application) must hold.
      if (a.kind === 'education') {
        await main
          .getByRole('link', { name: 'Readiness checklist: what your person registry must hold' })
          .click();
        await main.waitForURL(`${t.baseUrl}/portal/organisation/${oid}/readiness`);
        const wilma = main.getByRole('table', { name: 'Fields needed: Wilma' });
        expect(await wilma.getByRole('rowheader').allTextContents()).toContain('first_name');
        expect(await axeViolations(main)).toEqual([]);
      } else {
        expect(
          await main.getByRole('link', { name: /Readiness checklist/ }).count(),
          'a service provider has no person registry to check',
        ).toBe(0);
      }

      // 5. The main user invites a viewer from the organisation page (the sign-in is fresh).
      await main.goto(`${t.baseUrl}/portal/?lang=en`);
      await main.getByRole('link', { name: 'Organisation', exact: true }).click();
      await main.waitForURL(`${t.baseUrl}/portal/organisation/${oid}`);
      expect(await text(main.getByRole('heading', { level: 1 }))).toBe(a.name);
      // The terms the applicant accepted when joining are on the organisation's page.
      expect(await text(main.locator('section.accepted-terms li'))).toMatch(
        new RegExp(`^Version 1, accepted \\d{4}-\\d{2}-\\d{2} by ${a.email}$`),
      );
      // The main user's page has the change forms the viewer's must not have.
      expect(await main.locator('main form[method="post"]').count()).toBeGreaterThan(1);
      const viewerEmail = `viewer.${a.businessId.slice(0, 7)}@example.fi`;
      await main.locator('#invite-email').fill(viewerEmail);
      await main.locator('#invite-role').selectOption(j.viewerRole);
      await main.getByRole('button', { name: 'Send invitation' }).click();
      expect(await text(main.getByRole('status').first())).toBe('Invitation sent by e-mail.');
      const viewerMail = await inbox.next();
      expect(viewerMail.to).toEqual([viewerEmail]);

      // 6. The viewer sets up an account, signs in, sees the organisation and can change nothing.
      const viewer = await steps.newPage({ factor: j.factor });
      const viewerAccount: Account = await steps.setUpAccount(
        viewer,
        invitationLink(viewerMail.text),
        'Veera Katselija',
        viewerEmail,
        j.factor,
      );
      await steps.signIn(viewer, viewerAccount);
      expect(await text(viewer.getByRole('region', { name: 'Signed-in user' }).locator('.who-role'))).toBe(
        j.viewerRole === 'education-viewer' ? 'Education provider viewer' : 'Service provider viewer',
      );
      await viewer.getByRole('link', { name: 'Organisation', exact: true }).click();
      await viewer.waitForURL(`${t.baseUrl}/portal/organisation/${oid}`);
      expect(await text(viewer.locator('table.people'))).toContain('Veera Katselija');
      expect(await viewer.locator('main form[method="post"]').count()).toBe(0);
      expect(await axeViolations(viewer)).toEqual([]);

      const registryBefore = (await t.services.registry.current()).organisations.get(oid);
      const peopleBefore = await t.services.db
        .selectFrom('portal_membership')
        .select(['person_id', 'role'])
        .where('organisation_id', '=', oid)
        .orderBy('person_id')
        .execute();
      const mainPerson = await t.services.db
        .selectFrom('portal_person')
        .select('id')
        .where('email', '=', a.email)
        .executeTakeFirstOrThrow();
      const crafted = await viewer.evaluate(
        async ({ org, mainId }) => {
          const csrf =
            document.querySelector<HTMLInputElement>('form[action="/portal/sign-out"] input[name="csrf"]')
              ?.value ?? '';
          const form = (fields: Record<string, string>) => new URLSearchParams({ csrf, ...fields });
          const json = (method: string, body?: unknown): RequestInit =>
            body === undefined
              ? { method, headers: { 'x-csrf-token': csrf } }
              : {
                  method,
                  headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
                  body: JSON.stringify(body),
                };
          const contacts = { 'kind-0': 'technical', 'name-0': 'Veera', 'email-0': 'v@example.fi' };
          const responses = await Promise.all([
            fetch(`/portal/organisation/${org}/contacts`, { method: 'POST', body: form(contacts) }),
            fetch(`/portal/organisation/${org}/people`, {
              method: 'POST',
              body: form({ email: 'sneaky@example.fi', role: 'education-main' }),
            }),
            fetch(`/portal/organisation/${org}/people/remove`, {
              method: 'POST',
              body: form({ personId: mainId }),
            }),
            fetch(
              `/portal/api/v1/organisations/${org}/contacts`,
              json('POST', { contacts: [{ kind: 'technical', name: 'Veera', email: 'v@example.fi' }] }),
            ),
            fetch(
              `/portal/api/v1/organisations/${org}/people`,
              json('POST', { email: 'sneaky@example.fi', role: 'education-main' }),
            ),
            fetch(`/portal/api/v1/organisations/${org}/people/${mainId}`, json('DELETE')),
          ]);
          return { statuses: responses.map((r) => r.status), hadToken: csrf.length > 0 };
        },
        { org: oid, mainId: mainPerson.id },
      );
      expect(crafted).toEqual({ statuses: [403, 403, 403, 403, 403, 403], hadToken: true });
      expect((await t.services.registry.current()).organisations.get(oid)).toEqual(registryBefore);
      expect(
        await t.services.db
          .selectFrom('portal_membership')
          .select(['person_id', 'role'])
          .where('organisation_id', '=', oid)
          .orderBy('person_id')
          .execute(),
      ).toEqual(peopleBefore);
      expect(inbox.messages.filter((m) => m.to.includes('sneaky@example.fi'))).toEqual([]);
    },
    180_000,
  );
});
