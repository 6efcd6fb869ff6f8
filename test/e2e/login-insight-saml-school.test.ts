/**
 * Logins through a school's SAML IdP (ADFS-shaped, a real signed and encrypted answer) whose registry data
 * has problems, found again by the school's education provider in the portal (docs/portal.md "Login
 * statistics, data quality and support trace"): the statistics count them by outcome, the data-quality
 * view names each problem with its school and advice, and the trace finds a failed login by the error id
 * the service was told. Another organisation's main user sees none of it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STATUS } from '../../src/protocols/saml/namespaces.ts';
import { signedInBrowser } from '../portal/portal-support.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { oneUtcDay } from '../support/utc-day.ts';
import {
  adfsStudent,
  MANSIKKALA,
  type SamlSpWorld,
  startSamlSpWorld,
} from '../upstream-saml/support/saml-sp-setup.ts';
import { samlSentToService } from '../upstream-saml/support/service-received.ts';

const FLOW = 'OngelmaKoulu';
const OTHER = '1.2.246.562.99.00000000050';

describeEachStore('login insight for a SAML school with registry problems', (store) => {
  let w: SamlSpWorld;
  let failedErrorId = '';
  let day = '';

  /** One login through the school as `attributes` (or refused at the school); what the service got. */
  const login = async (attributes: Record<string, string[]> | 'refused') => {
    const idp = w.idp(FLOW);
    if (attributes === 'refused') idp.next = { status: { code: STATUS.responder, sub: STATUS.authnFailed } };
    else idp.user = { nameId: `n-${attributes.mpassUserIdentity?.[0]}`, attributes };
    const { browser, idpPage } = await w.startLogin(FLOW);
    const passiAnswer = await browser.submitForm(idpPage);
    return { browser, passiAnswer };
  };

  beforeAll(async () => {
    day = await oneUtcDay();
    w = await startSamlSpWorld([{ id: '4000777', flowName: FLOW, type: 'adfs', shape: 'adfs' }], {
      store,
      registry: `organisations:
  - { oid: ${OTHER}, name: { fi: Toinen koulutustoimija }, roles: [educationProvider] }
`,
    });
    // Two good pupils, one without a learner id, one whose school code the organisation data lacks.
    await login(adfsStudent(1));
    await login(adfsStudent(2));
    const { learnerId: _dropped, ...noLearnerId } = adfsStudent(3);
    await login(noLearnerId);
    await login(adfsStudent(4, { schoolCode: ['99999'] }));
    // A refusal at the school: the service is told, with the error id a person would quote.
    const refused = await login('refused');
    const told = samlSentToService(refused.passiAnswer).xml;
    failedErrorId = /error id ([A-Za-z0-9-]+)/i.exec(decodeHtmlText(told))?.[1] ?? '';
  }, 300_000);
  afterAll(() => w?.close());

  /** The portal JSON API as the education provider's signed-in main user (session cookie, GET only). */
  const signedIn = new Map<string, Awaited<ReturnType<typeof signedInBrowser>>>();
  const api = async (organisationId: string, path: string, as = 'paaka@mansikkala.example') => {
    const session = signedIn.get(as) ?? (await signedInBrowser(w.t, as, 'education-main', organisationId));
    signedIn.set(as, session);
    const { browser } = session;
    return (where: string) => browser.get(`${w.t.baseUrl}/portal/api/v1/organisations/${path}${where}`);
  };

  it('the statistics count the school’s logins by outcome', async () => {
    const get = await api(MANSIKKALA, `${MANSIKKALA}/statistics`);
    // The daily rows are written after the answer: wait for the last one.
    let stats = { total: 0, byOutcome: [] as { key: string; count: number }[] };
    for (let i = 0; i < 50 && stats.total < 5; i++) {
      stats = JSON.parse((await get(`?from=${day}&to=${day}`)).body);
      if (stats.total < 5) await new Promise((r) => setTimeout(r, 100));
    }
    expect(stats.total).toBe(5);
    const outcomes = Object.fromEntries(stats.byOutcome.map((o) => [o.key, o.count]));
    expect(outcomes['failed:school']).toBe(1);
    expect((outcomes.completed ?? 0) + (outcomes['completed:problems'] ?? 0)).toBeGreaterThanOrEqual(2);
    expect(Object.values(outcomes).reduce((a, n) => a + n, 0)).toBe(5);
  });

  it('the data-quality view names the missing learner id and the unknown school, with advice', async () => {
    const get = await api(MANSIKKALA, `${MANSIKKALA}/data-quality`);
    const { problems } = JSON.parse((await get(`?from=${day}&to=${day}`)).body) as {
      problems: {
        integrationId: string;
        school: string;
        code: string;
        logins: number;
        advice?: { en?: string };
      }[];
    };
    const codes = problems.map((p) => p.code);
    expect(codes).toContain('LEARNER_ID_MISSING');
    expect(codes.some((c) => c.startsWith('SCHOOL_'))).toBe(true);
    for (const p of problems) {
      expect(p.integrationId).toBe('4000777');
      expect(p.advice?.en ?? '').not.toBe('');
    }
    expect(problems.find((p) => p.code === 'LEARNER_ID_MISSING')?.school).toBe('30076');

    // The same on the page, in Finnish.
    const { browser } = await signedInBrowser(w.t, 'sivu@mansikkala.example', 'education-viewer', MANSIKKALA);
    const page = await browser.get(
      `${w.t.baseUrl}/portal/organisation/${MANSIKKALA}/data-quality?from=${day}&to=${day}&lang=fi`,
    );
    expect(page.status).toBe(200);
    expect(decodeHtmlText(page.body)).toContain('Oppijanumero puuttuu.');
  });

  it('the trace finds the refused login by the error id the service was told', async () => {
    expect(failedErrorId).not.toBe('');
    const get = await api(MANSIKKALA, `${MANSIKKALA}/trace`);
    const { logins } = JSON.parse((await get(`?errorId=${encodeURIComponent(failedErrorId)}`)).body) as {
      logins: { integrationId: string; outcome: string; errorId: string }[];
    };
    expect(logins).toMatchObject([
      { integrationId: '4000777', outcome: 'failed:school', errorId: failedErrorId },
    ]);
  });

  it('another education provider sees none of it, and may not ask', async () => {
    const own = await api(OTHER, `${OTHER}/statistics`, 'toinen@example.fi');
    expect(JSON.parse((await own(`?from=${day}&to=${day}`)).body).total).toBe(0);
    const theirs = await api(OTHER, `${MANSIKKALA}/trace`, 'toinen2@example.fi');
    expect((await theirs(`?errorId=${encodeURIComponent(failedErrorId)}`)).status).toBe(403);
  });
});
