/**
 * The weekly summary mail end to end (docs/operations.md "Weekly summary"): logins through the test
 * directory fill the real statistics and login reports; the job then mails each technical contact of the
 * education provider once — through a real SMTP server, also when two nodes run it at the same moment —
 * with the counts and the fix advice; the unsubscribe link asks on GET and unsubscribes on POST; a
 * tampered link is refused; a send that failed, or that a dying node left claimed, goes out on a later run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RETRY_STEP_MS, SEND_LEASE_MS } from '../../src/ops/mail/claimed-sends.ts';
import { createLoginDailyRepository } from '../../src/ops/statistics/login-daily-repository.ts';
import { loginStatistics } from '../../src/ops/statistics/login-statistics-query.ts';
import { sendWeeklySummaries, type WeeklySummaryDeps } from '../../src/ops/summary/send-weekly-summaries.ts';
import { claimSend } from '../../src/ops/summary/summary-send-claims.ts';
import { isoWeekOf } from '../../src/ops/summary/summary-week.ts';
import { unsubscribeLink } from '../../src/ops/summary/unsubscribe-token.ts';
import { switchWeeklySummary } from '../../src/portal/commands/weekly-summary-switch.ts';
import { createSmtpMailer } from '../../src/portal/mail/mailer.ts';
import type { Db } from '../../src/store/database.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import type { TestStoreKind } from '../../src/store/testing/test-db.ts';
import { startSmtpInbox } from '../portal/smtp-inbox.ts';
import { BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const MANSIKKALA = '1.2.246.562.99.00000000001';
const SCHOOL_ID = '4000905';
const FLOW = 'ViikkoTest';
const TECH_ONE = 'tech.one@mansikkala.example.fi';
const TECH_TWO = 'tech.two@mansikkala.example.fi';
const TECH_GONE = 'tech.gone@mansikkala.example.fi';
const REGISTRY = `
organisations:
  - oid: ${MANSIKKALA}
    name: { fi: Mansikkalan testikoulutustoimija, sv: Mansikkala testutbildningsanordnare, en: Mansikkala test education provider }
    roles: [educationProvider]
    contacts:
      - { kind: technical, name: Tekla Tekninen, email: Tech.One@Mansikkala.example.fi }
      - { kind: technical, name: Teemu Tekninen, email: ${TECH_TWO} }
      - { kind: technical, name: Taisto Tekninen, email: ${TECH_GONE} }
      - { kind: administrative, name: Hanna Hallinto, email: hallinto@mansikkala.example.fi }
integrations:
  - id: "${SCHOOL_ID}"
    organisationOid: ${MANSIKKALA}
    type: test-directory
    flowName: ${FLOW}
    deploymentPhase: test
    settings: { kind: test-directory }
    discovery:
      displayName: { fi: Viikkotestikoulut, sv: Veckotestskolor, en: Weekly test schools }
      showSchools: false
`;
const DAY_MS = 86_400_000;

/** Header fields on one line each (RFC 5322 §2.2.3 unfolding). */
const unfolded = (raw: string) => raw.replace(/\r?\n[ \t]+/g, ' ');

/** The Subject field with its RFC 2047 Q-encoded words decoded. */
function subjectOf(raw: string): string {
  const field = /^Subject: (.*)$/m.exec(unfolded(raw))?.[1] ?? '';
  const words = [...field.matchAll(/=\?UTF-8\?Q\?([^?]*)\?=/gi)].map((m) => m[1] ?? '');
  if (words.length === 0) return field;
  const bytes = words
    .join('')
    .replace(/_/g, ' ')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function weeklySummarySuite(store: TestStoreKind) {
  let t: TestApp;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let secondNode: Store | undefined;
  const logLines: string[] = [];
  const week = isoWeekOf(new Date().toISOString().slice(0, 10));
  /** Monday after the week, 06:00 UTC (08:00 or 09:00 in Helsinki): the week's summary is due. */
  const dueAt = (weeksLater = 0) =>
    new Date(Date.parse(`${week.to}T06:00:00Z`) + DAY_MS + weeksLater * 7 * DAY_MS);
  const node = (db: Db, smtpUrl = inbox.url): WeeklySummaryDeps => ({
    db,
    mailer: createSmtpMailer(smtpUrl, 'Passi <passi@example.fi>'),
    publicUrl: t.baseUrl,
    unsubscribeSecret: t.services.unsubscribeSecret,
    registry: () => t.services.registry.current(),
    schedule: { day: 1, hour: 6, timeZone: 'Europe/Helsinki' },
    log: {
      info: (_f, m) => void logLines.push(`info ${m}`),
      warn: (_f, m) => void logLines.push(`warn ${m}`),
      error: (_f, m) => void logLines.push(`error ${m}`),
    },
  });

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await createTestApp({ registry: REGISTRY, store, config: { weeklySummary: 'off' } });
    if (t.config.databaseUrl)
      secondNode = await openStore({ databaseUrl: t.config.databaseUrl, dataDir: '' });
  }, 60_000);
  afterAll(async () => {
    await secondNode?.close();
    await t?.close();
    await inbox?.close();
  });

  const login = async (username: string | undefined) => {
    const browser = new BrowserlessClient();
    const discovery = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const loginPage = await browser.postFollow(`${t.baseUrl}/discovery/choose`, {
      choice: `${SCHOOL_ID}~`,
      lang: 'en',
      form_token: parseForms(discovery.body).find((f) => f.fields.form_token)?.fields.form_token ?? '',
    });
    const answer = username
      ? await browser.submitForm(loginPage, { username, password: `${username}pwd` })
      : await browser.submitForm(loginPage, {}, 1);
    await browser.submitForm(answer);
  };
  const optOutRows = async () =>
    (await t.services.db.selectFrom('weekly_summary_opt_out').select('email').execute())
      .map((r) => r.email)
      .sort();
  const mailsTo = (email: string) => inbox.messages.filter((m) => m.to.includes(email));

  it('mails each technical contact once, with the counts and the advice, when two nodes run at once', async () => {
    await login('demo_u0001'); // pupil: fine
    await login('demo_u0020'); // no school code: released with problems
    await login('demo_u0022'); // no learner id: blocked
    await login(undefined); // cancelled at the school
    const scope = { kind: 'integrations', integrationIds: [SCHOOL_ID] } as const;
    for (let i = 0; i < 50; i++) {
      const stats = await loginStatistics(t.services.db, { from: week.from, to: week.to, scope });
      if (stats.total >= 4) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // One technical contact unsubscribed earlier, through the link its mail would carry.
    const gone = await fetch(
      unsubscribeLink(t.baseUrl, t.services.unsubscribeSecret, {
        organisationId: MANSIKKALA,
        email: TECH_GONE,
      }),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      },
    );
    expect(gone.status).toBe(200);

    // Two nodes, each with its own connections where the store has them, run the job at the same moment.
    const runs = await Promise.all([
      sendWeeklySummaries(node(t.services.db), dueAt()),
      sendWeeklySummaries(node(secondNode?.db ?? t.services.db), dueAt()),
    ]);
    expect(runs.map((r) => r.week)).toEqual([week.week, week.week]);
    expect(runs[0].sent + runs[1].sent).toBe(2);
    expect(inbox.messages.flatMap((m) => m.to).sort()).toEqual([TECH_ONE, TECH_TWO]);
    // A later run of the same week finds nothing left to send.
    expect(await sendWeeklySummaries(node(t.services.db), new Date(dueAt().getTime() + 3_600_000))).toEqual({
      week: week.week,
      sent: 0,
      failed: 0,
    });
    expect(inbox.messages).toHaveLength(2);

    const mail = mailsTo(TECH_ONE)[0];
    const text = mail?.text ?? '';
    expect(subjectOf(mail?.raw ?? '')).toBe(
      `Passin viikkokooste / Veckosammandrag från Passi / Passi weekly summary: Mansikkalan testikoulutustoimija ${week.week}`,
    );
    expect(text).toContain(
      `Viikkokooste: Mansikkalan testikoulutustoimija, viikko ${week.week} (${week.from} – ${week.to})`,
    );
    expect(text).toContain('Kirjautumisia yhteensä: 4');
    expect(text).toContain('  - onnistui: 1');
    expect(text).toContain('  - keskeytettiin: 1');
    expect(text).toContain('  - estyi puuttuvien tai virheellisten tietojen vuoksi: 1');
    // Of the 3 logins the data model checked, one lacked the learner id (33.3 %) and one the school code.
    expect(text).toMatch(/LEARNER_ID_MISSING – kirjautumisia: 1 \(33,3\s%/);
    expect(text).toContain('Mitä korjata: Oppijanumero puuttuu.');
    expect(text).toMatch(/SCHOOL_MISSING – kirjautumisia: 1/);
    expect(text).toContain('Logins in total: 4');
    expect(text).toContain('What to fix: The learner id is missing.');
    expect(text).toContain('Inloggningar totalt: 4');
    expect(text).toContain(`${t.baseUrl}/portal/organisation/${MANSIKKALA}/data-quality`);
    // Counts and codes only: not the accounts that logged in, nor anyone's name.
    expect(text).not.toMatch(/demo_u00|Tekla|Teemu/);
    expect(unfolded(mail?.raw ?? '')).toMatch(
      /^List-Unsubscribe: <http:\/\/localhost:\d+\/portal\/unsubscribe\?token=[\w.-]+>/m,
    );
    expect(unfolded(mail?.raw ?? '')).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  });

  it('asks on GET and unsubscribes on POST; the address then gets no more mail', async () => {
    const raw = mailsTo(TECH_TWO)[0]?.raw ?? '';
    const link = /^List-Unsubscribe: <([^>]+)>/m.exec(unfolded(raw))?.[1] ?? '';
    expect(link).toContain('/portal/unsubscribe?token=');
    const page = await fetch(`${link}&lang=en`);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain(
      `Stop sending the weekly summary of Mansikkala test education provider to ${TECH_TWO}?`,
    );
    expect(body).toMatch(/<form method="post" action="\/portal\/unsubscribe\?token=[\w.-]+&amp;lang=en"/);
    expect(await optOutRows()).toEqual([TECH_GONE]);

    const done = await fetch(`${link}&lang=fi`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`Osoitteeseen ${TECH_TWO} ei enää lähetetä`);
    expect(await optOutRows()).toEqual([TECH_GONE, TECH_TWO]);

    // The next week has a login (seeded through the daily counter the login events use): one mail only.
    await createLoginDailyRepository(t.services.db).count({
      day: isoWeekOf(new Date(dueAt().getTime()).toISOString().slice(0, 10)).from,
      serviceId: 'attribute-test-saml',
      integrationId: SCHOOL_ID,
      school: '30076',
      role: 'pupil',
      outcome: 'completed',
    });
    const next = await sendWeeklySummaries(node(t.services.db), dueAt(1));
    expect(next.sent).toBe(1);
    expect(inbox.messages.slice(2).map((m) => m.to)).toEqual([[TECH_ONE]]);
    expect(inbox.messages[2]?.text).toContain('Kirjautumisia yhteensä: 1');
    expect(inbox.messages[2]?.text).toContain('Tietojen laatuongelmia ei havaittu.');
  });

  it('refuses a tampered link with a clear page and changes nothing', async () => {
    const link = unsubscribeLink(t.baseUrl, t.services.unsubscribeSecret, {
      organisationId: MANSIKKALA,
      email: TECH_ONE,
    });
    // One character of the address part changed: another address, under the old signature.
    const at = link.indexOf('token=') + 'token='.length + 10;
    const tampered = `${link.slice(0, at)}${link[at] === 'A' ? 'B' : 'A'}${link.slice(at + 1)}`;
    const page = await fetch(`${tampered}&lang=en`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('This unsubscribe link is not valid');
    const post = await fetch(`${tampered}&lang=sv`, { method: 'POST' });
    expect(post.status).toBe(400);
    expect(await post.text()).toContain('Denna avbeställningslänk är inte giltig');
    expect(await optOutRows()).toEqual([TECH_GONE, TECH_TWO]);
  });

  it('retries a send that failed, and one a dying node left claimed', async () => {
    const weekAfter = isoWeekOf(dueAt(1).toISOString().slice(0, 10));
    await createLoginDailyRepository(t.services.db).count({
      day: weekAfter.from,
      serviceId: 'attribute-test-saml',
      integrationId: SCHOOL_ID,
      school: '30076',
      role: 'pupil',
      outcome: 'completed',
    });
    const before = inbox.messages.length;
    // The SMTP server cannot be reached: nothing is sent and the send is released.
    const down = await sendWeeklySummaries(
      node(t.services.db, `smtp://127.0.0.1:${await freePort()}`),
      dueAt(2),
    );
    expect(down).toEqual({ week: weekAfter.week, sent: 0, failed: 1 });
    expect(logLines).toContain('warn weekly summary could not be sent; will retry');
    // Before its retry time nothing happens; after it, the mail goes out.
    expect((await sendWeeklySummaries(node(t.services.db), dueAt(2))).sent).toBe(0);
    const retried = await sendWeeklySummaries(
      node(t.services.db),
      new Date(dueAt(2).getTime() + RETRY_STEP_MS),
    );
    expect(retried.sent).toBe(1);
    expect(inbox.messages.slice(before).map((m) => m.to)).toEqual([[TECH_ONE]]);

    // A node claims the next week's mail and dies before sending: after the lease another run sends it.
    await createLoginDailyRepository(t.services.db).count({
      day: isoWeekOf(dueAt(2).toISOString().slice(0, 10)).from,
      serviceId: 'attribute-test-saml',
      integrationId: SCHOOL_ID,
      school: '30076',
      role: 'pupil',
      outcome: 'completed',
    });
    const dying = isoWeekOf(dueAt(2).toISOString().slice(0, 10)).week;
    expect(
      await claimSend(t.services.db, { organisationId: MANSIKKALA, week: dying, email: TECH_ONE }, dueAt(3)),
    ).toBe(true);
    expect((await sendWeeklySummaries(node(t.services.db), dueAt(3))).sent).toBe(0);
    const taken = await sendWeeklySummaries(
      node(t.services.db),
      new Date(dueAt(3).getTime() + SEND_LEASE_MS),
    );
    expect(taken).toEqual({ week: dying, sent: 1, failed: 0 });
    expect(inbox.messages.slice(before + 1).map((m) => m.to)).toEqual([[TECH_ONE]]);
  });

  it('sends nothing while a main user has switched the organisation off, and again once on', async () => {
    const week4 = isoWeekOf(dueAt(3).toISOString().slice(0, 10));
    await createLoginDailyRepository(t.services.db).count({
      day: week4.from,
      serviceId: 'attribute-test-saml',
      integrationId: SCHOOL_ID,
      school: '30076',
      role: 'pupil',
      outcome: 'completed',
    });
    const deps = {
      db: t.services.db,
      box: t.services.box,
      clock: t.services.clock,
      mailer: { send: async () => undefined },
      publicUrl: t.baseUrl,
      registry: { cache: t.services.registry, repo: t.services.repo },
    };
    const operator = {
      personId: '00000000-0000-4000-8000-000000000009',
      email: 'operator@example.fi',
      displayName: 'Operator',
      organisationId: 'passi',
      role: 'operator',
      via: 'session',
    } as const;
    const before = inbox.messages.length;
    await switchWeeklySummary(deps, operator, MANSIKKALA, false, '127.0.0.1');
    expect(await sendWeeklySummaries(node(t.services.db), dueAt(4))).toEqual({
      week: week4.week,
      sent: 0,
      failed: 0,
    });
    await switchWeeklySummary(deps, operator, MANSIKKALA, true, '127.0.0.1');
    expect(
      (await sendWeeklySummaries(node(t.services.db), new Date(dueAt(4).getTime() + 600_000))).sent,
    ).toBe(1);
    expect(inbox.messages.slice(before).map((m) => m.to)).toEqual([[TECH_ONE]]);
  });

  it('sends nothing for a week without logins or problems, and does not look at it again', async () => {
    const quiet = isoWeekOf(dueAt(4).toISOString().slice(0, 10));
    const before = inbox.messages.length;
    expect(await sendWeeklySummaries(node(t.services.db), dueAt(5))).toEqual({
      week: quiet.week,
      sent: 0,
      failed: 0,
    });
    expect(inbox.messages).toHaveLength(before);
    const rows = await t.services.db
      .selectFrom('weekly_summary_send')
      .select(['email', 'status'])
      .where('week', '=', quiet.week)
      .execute();
    expect(rows).toEqual([{ email: TECH_ONE, status: 'skipped' }]);
  });
}

describeEachStore('weekly summary mail', weeklySummarySuite);
