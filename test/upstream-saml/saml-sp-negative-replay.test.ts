/**
 * SAML SP security cases SP-22…SP-24 (docs/security-cases.md): replay of an accepted response, answers
 * that belong to another login (unknown, missing or another browser's InResponseTo) and cross-IdP
 * answers. Refusals leave nothing half-written (see ./support/negative-suite-kit.ts); each case runs its
 * named fixture from ./support/sp-fixtures.ts.
 */
import { DOMParser } from '@xmldom/xmldom';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { NS } from '../../src/protocols/saml/namespaces.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { oidcServiceClaims } from '../support/oidc-service-result.ts';
import {
  A,
  B,
  ERROR_ID,
  FLOW_COOKIE,
  INVALID,
  REPLAY,
  SIG,
  useNegativeSuite,
  writeGenerated,
} from './support/negative-suite-kit.ts';
import { samlSentToService, serviceReport } from './support/service-received.ts';
import {
  OTHER_PROVIDERS_SCHOOL,
  sp22Replay,
  sp22ReusedAssertionId,
  sp23CrossSession,
  sp23NoFlow,
  sp23UnknownInResponseTo,
  sp23Unsolicited,
  sp24AtOtherSchoolsAcs,
  sp24BIssuerSignedWithAKey,
  sp24IssuerAAtB,
  sp24OtherProvidersSchool,
} from './support/sp-fixtures.ts';

describe('SAML SP negative suite: replay, cross-login and cross-IdP (SP-22…SP-24)', () => {
  // Flows and replay keys in the store: the first case reopens a consumed flow row to make a double submit
  // race deterministic. The other negative suites run with the embedded store's in-memory state.
  const { w, arm, expectRefused } = useNegativeSuite({ config: { shortLivedState: 'store' } });

  describe('SP-22 replay of an accepted response', () => {
    /** A login at A that succeeds; returns its browser, the accepted POST and the Assertion's ID. */
    async function acceptedLogin() {
      const fixture = sp22Replay();
      const armed = arm(A, fixture);
      const { browser, idpPage } = await w.startLogin(A);
      const form = parseForms(idpPage.body)[0];
      if (!form) throw new Error('no form');
      writeGenerated(fixture.file, armed.sent());
      const before = await w.counts();
      const ok = await browser.post(form.action, form.fields);
      expect(ok.status, ok.body.slice(0, 300)).toBe(200);
      expect((await w.counts()).replay).toBe(before.replay + 2); // assertion id + request id
      const assertion = new DOMParser()
        .parseFromString(armed.sent(), 'application/xml')
        .getElementsByTagNameNS(NS.saml, 'Assertion')
        .item(0);
      const assertionId = assertion?.getAttribute('ID');
      if (!assertionId) throw new Error('no assertion id');
      return { browser, form, assertionId };
    }

    it('same browser, same response again: refused by the replay cache (PASSI_REPLAY)', async () => {
      const { browser, form } = await acceptedLogin();
      // Once accepted, the flow is consumed, so a plain re-post stops at the flow (PASSI_FLOW_MISSING,
      // next test). The replay cache is what stops the double submit that races the first: the second
      // POST has read the flow before the first consumed it. Reopening the flow row makes that race
      // deterministic; the response is byte for byte the accepted one.
      const flowId = browser.cookie(new URL(w.t.baseUrl).host, FLOW_COOKIE);
      if (!flowId) throw new Error('no flow cookie');
      await sql`UPDATE flow SET consumed_at = NULL WHERE id = ${flowId}`.execute(w.t.services.db);
      const before = await w.counts();
      const again = await browser.post(form.action, form.fields);
      expect(again.status).toBe(400);
      expect(again.headers.get('x-passi-error-code')).toBe(REPLAY);
      expect(again.body).toMatch(ERROR_ID);
      expect(parseForms(again.body).filter((f) => f.fields.SAMLResponse !== undefined)).toEqual([]);
      const after = await w.counts();
      expect(after.sessions).toBe(before.sessions);
      expect(after.reports).toBe(before.reports);
      expect(after.replay).toBe(before.replay);
    });

    it('a fresh, correctly signed response reusing an accepted Assertion ID: refused by the replay cache', async () => {
      const { assertionId } = await acceptedLogin();
      const { sent } = await expectRefused(sp22ReusedAssertionId(assertionId), [REPLAY]);
      expect(sent).toContain(`ID="${assertionId}"`);
    });

    it('same browser after the flow is consumed, then another browser: both refused before verification', async () => {
      const { browser, form } = await acceptedLogin();
      const again = await browser.post(form.action, form.fields);
      expect(again.status).toBe(400);
      expect(again.headers.get('x-passi-error-code')).toBe(ErrorCodes.FLOW_MISSING);
      const other = await w.startLogin(A);
      const res = await other.browser.post(form.action, form.fields);
      expect(res.status).toBe(400);
      // InResponseTo is not its request: the answer belongs to another login.
      expect(res.headers.get('x-passi-error-code')).toBe(ErrorCodes.UPSTREAM_ANSWER_MISMATCH);
    });
    // Another node (a second `passi start` process sharing PostgreSQL): saml-sp-multi-node.test.ts.
  });

  it('SP-23 unknown InResponseTo', () =>
    expectRefused(sp23UnknownInResponseTo(), [ErrorCodes.UPSTREAM_ANSWER_MISMATCH]));

  it('SP-23 missing InResponseTo (unsolicited, IdP-initiated)', () =>
    expectRefused(sp23Unsolicited(), [INVALID]));

  it('SP-23 unsolicited POST without any login in this browser', async () => {
    const fixture = sp23NoFlow();
    const before = await w.counts();
    const xml = await w
      .idp(A)
      .buildResponse({ id: 'unused', acs: `${w.t.baseUrl}/sp/${A}/acs` }, fixture.next);
    writeGenerated(fixture.file, xml);
    const res = await new BrowserlessClient().post(`${w.t.baseUrl}/sp/${A}/acs`, {
      SAMLResponse: Buffer.from(xml).toString('base64'),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-passi-error-code')).toBe(ErrorCodes.FLOW_MISSING);
    expect(res.body).toMatch(ERROR_ID);
    expect(await w.counts()).toEqual(before);
  });

  it('SP-23 cross-session: another browser’s response', async () => {
    const first = await w.startLogin(A);
    const form = parseForms(first.idpPage.body)[0];
    if (!form) throw new Error('no form');
    await expectRefused(sp23CrossSession(form), [ErrorCodes.UPSTREAM_ANSWER_MISMATCH]);
  });

  describe('SP-24 cross-IdP', () => {
    it('a response from school A at school B’s ACS (flow started at A)', () =>
      expectRefused(sp24AtOtherSchoolsAcs(`${w.t.baseUrl}/sp/${B}/acs`), [
        ErrorCodes.UPSTREAM_ANSWER_MISMATCH,
      ]));

    it('IdP A’s signed response for a login started at B, posted to B', async () => {
      const fixture = sp24IssuerAAtB();
      const before = await w.counts();
      const { browser } = await w.startLogin(B);
      const seen = w.idp(B).lastRequest;
      if (!seen) throw new Error('no request at B');
      const xml = await w.idp(A).buildResponse({ id: seen.id, acs: seen.acs }, fixture.next);
      writeGenerated(fixture.file, xml);
      const res = await browser.post(seen.acs, { SAMLResponse: Buffer.from(xml).toString('base64') });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-passi-error-code')).toBe(INVALID);
      expect(res.body).toMatch(ERROR_ID);
      const after = await w.counts();
      expect(after.replay).toBe(before.replay);
      expect(after.sessions).toBe(before.sessions);
    });

    it('B’s issuer signed with A’s key', () =>
      expectRefused(sp24BIssuerSignedWithAKey(w.idp(A).credential), [SIG], { flow: B }));

    // docs/decisions-data-model.md "Missing and bad data": with restrictSchoolsToOrganisation (default
    // true), a school outside the integration's organisation is a SCHOOL_NOT_ALLOWED problem and is never
    // released; the login itself goes on with the schools that do belong. A's organisation is Mansikkala
    // (1.2.246.562.99.00000000001); the other school, named by its code and by its OID, is Mustikkala's
    // (another education provider in the bundled organisation data).
    it('A’s correctly signed response naming another education provider’s school: SAML service never receives it', async () => {
      const fixture = sp24OtherProvidersSchool();
      const armed = arm(A, fixture);
      const { browser, idpPage } = await w.startLogin(A);
      writeGenerated(fixture.file, armed.sent());
      expect(armed.sent()).toContain(`>${OTHER_PROVIDERS_SCHOOL.code}<`);
      expect(armed.sent()).toContain(`>${OTHER_PROVIDERS_SCHOOL.oid}<`);
      const passiPost = await browser.submitForm(idpPage);
      expect(passiPost.status, passiPost.body.slice(0, 300)).toBe(200);
      const toService = samlSentToService(passiPost);
      expect(toService.attributes['urn:mpass.id:schoolCode']).toEqual(['30076']);
      for (const foreign of [...Object.values(OTHER_PROVIDERS_SCHOOL), 'Opettaja'])
        expect(toService.xml, `${foreign} sent to the service`).not.toContain(foreign);
      const report = serviceReport(await browser.submitForm(passiPost));
      expect(report.released.schoolCode).toEqual(['30076']);
      expect(report.released.role).toHaveLength(1);
      expect(report.released.role?.[0]).toMatch(/;30076;9F;Oppilas;/);
      expect(report.problems.filter((p) => p.code === 'SCHOOL_NOT_ALLOWED')).toHaveLength(2);
    });

    it('the same response toward an OIDC service: the other provider’s school is not in the claims', async () => {
      arm(A, sp24OtherProvidersSchool());
      const { browser, idpPage } = await w.startLogin(A, undefined, 'oidc');
      const claims = oidcServiceClaims(await browser.follow(await browser.submitForm(idpPage)), A);
      expect(claims['urn:mpass.id:schoolCode']).toEqual(['30076']);
      const all = JSON.stringify(claims);
      for (const foreign of [...Object.values(OTHER_PROVIDERS_SCHOOL), 'Opettaja'])
        expect(all, `${foreign} in the claims`).not.toContain(foreign);
    });
  });
});
