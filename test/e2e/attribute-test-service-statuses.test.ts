/**
 * The attribute test service (docs/attribute-test-service.md) "shows every released attribute with a status OK / empty / error,
 * the raw attributes the school sent, and a copyable report". Logins through the test directory with
 * MPASSid's quirk accounts (https://wiki.eduuni.fi/display/OPHPALV/Test+accounts+available+for+testing), over SAML and OIDC, end on result pages whose rows
 * say `empty` or `error` for the attributes the quirk touches, and whose report carries the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ATTRIBUTE_CATALOGUE } from '../../src/model/attribute-catalogue.ts';
import { BrowserlessClient, type BrowserResponse } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const reportSchema = z.object({
  protocol: z.enum(['saml', 'oidc']),
  facts: z.record(z.string(), z.string()),
  failure: z
    .object({
      reason: z.enum(['notStarted', 'rejected', 'refused']),
      errorId: z.string(),
      protocolError: z.string().optional(),
    })
    .optional(),
  released: z.record(z.string(), z.array(z.string())),
  statuses: z.record(z.string(), z.enum(['ok', 'empty', 'error'])),
  raw: z.record(z.string(), z.array(z.string())),
  problems: z.array(
    z.object({
      code: z.string(),
      severity: z.string(),
      message: z.string(),
      attributes: z.array(z.string()),
    }),
  ),
});
type Report = z.infer<typeof reportSchema>;

const STATUS_TEXT = { ok: 'OK', empty: 'Empty', error: 'Error' } as const;

interface ResultPage {
  /** data-status of each row of the released-attributes table, by data-model name. */
  rows: Record<string, string>;
  /** The copyable report (the textarea), parsed. */
  report: Report;
  body: string;
}

function readResultPage(page: BrowserResponse): ResultPage {
  expect(page.status, page.body.slice(0, 300)).toBe(200);
  const rows: Record<string, string> = {};
  for (const m of page.body.matchAll(
    /<tr data-attribute="([^"]+)">[\s\S]*?<td class="status-(\w+)" data-status="(\w+)">([^<]*)<\/td>/g,
  )) {
    const [, name = '', cssStatus, status = '', text] = m;
    // The status is shown in words (not by colour alone, WCAG 1.4.1) and styled by the same value.
    expect(cssStatus).toBe(status);
    expect(text).toBe(STATUS_TEXT[z.enum(['ok', 'empty', 'error']).parse(status)]);
    rows[name] = status;
  }
  const text = /<textarea id="report"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1];
  if (text === undefined) throw new Error(`no report on ${page.url}`);
  const report = reportSchema.parse(JSON.parse(decodeHtmlText(text)));
  return { rows, report, body: page.body };
}

interface QuirkCase {
  username: string;
  quirk: string;
  /** The raw attribute the school leaves out (absent from the raw attributes and the report). */
  rawMissing: string;
  empty: string[];
  error: string[];
  /** Attributes that still arrive with status OK. */
  ok: string[];
  problems: { code: string; severity: string; attributes?: string[] }[];
  /** The data model refuses the whole login (the service gets an error, not attributes). */
  blocked?: boolean;
}

const CASES: QuirkCase[] = [
  {
    username: 'demo_u0028',
    quirk: 'missing nickname',
    rawMissing: 'nickName',
    empty: ['nickname'],
    error: [],
    ok: ['firstName', 'surname', 'learnerId', 'schoolInfo', 'role'],
    problems: [],
  },
  {
    username: 'demo_u0029',
    quirk: 'missing given name (a warning only: the attribute is empty, not an error)',
    rawMissing: 'firstName',
    empty: ['firstName'],
    error: [],
    ok: ['surname', 'learnerId', 'schoolInfo', 'role'],
    problems: [{ code: 'FIRST_NAME_MISSING', severity: 'warning' }],
  },
  {
    username: 'demo_u0020',
    quirk: 'missing school code',
    rawMissing: 'schoolCode',
    empty: ['schoolCode'],
    error: ['school', 'schoolInfo', 'role', 'educationProviderInfo'],
    ok: ['firstName', 'surname', 'learnerId', 'uid'],
    problems: [{ code: 'SCHOOL_MISSING', severity: 'dropped', attributes: ['schoolInfo', 'role'] }],
  },
  {
    username: 'demo_u0023',
    quirk: 'missing role',
    rawMissing: 'userRole',
    empty: [],
    error: ['role'],
    ok: ['firstName', 'surname', 'learnerId', 'uid'],
    problems: [{ code: 'ROLE_MISSING', severity: 'dropped', attributes: ['role'] }],
  },
  {
    username: 'demo_u0022',
    quirk: 'missing learner id (the login is refused)',
    rawMissing: 'learnerId',
    empty: ['firstName', 'schoolInfo'],
    error: ['learnerId'],
    ok: [],
    problems: [{ code: 'LEARNER_ID_MISSING', severity: 'error', attributes: ['learnerId'] }],
    blocked: true,
  },
];

describe('attribute test service: OK / empty / error statuses and the report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const login = async (protocol: 'saml' | 'oidc', username: string): Promise<ResultPage> => {
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(`${t.baseUrl}/test-service/${protocol}/login?lang=en`);
    expect(new URL(page.url).pathname).toBe('/upstream/test-directory/MansikkalaTest/login');
    const answered = await browser.submitForm(page, { username, password: `${username}pwd` });
    // SAML answers with the HTTP-POST binding's auto-POST page; OIDC redirects to the callback.
    const result = protocol === 'saml' ? await browser.submitForm(answered) : answered;
    expect(new URL(result.url).pathname).toBe(
      protocol === 'saml' ? '/test-service/saml/acs' : '/test-service/oidc/callback',
    );
    return readResultPage(result);
  };

  it('the result page loads its "Copy report" script from Passi with the CSP nonce of the response', async () => {
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(`${t.baseUrl}/test-service/saml/login?lang=en`);
    const answered = await browser.submitForm(page, { username: 'demo_u0001', password: 'demo_u0001pwd' });
    const result = await browser.submitForm(answered);
    const csp = result.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
    // Scripts run by this response's nonce only (http/build-server.ts): the tag must carry it.
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const tag = /<script src="([^"]+)" nonce="([^"]+)" defer><\/script>/.exec(result.body);
    expect(tag?.[1]).toBe('/test-service/assets/copy-report.js');
    expect(scriptSrc).toContain(`'nonce-${tag?.[2]}'`);
    const script = await fetch(`${t.baseUrl}${tag?.[1]}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('navigator.clipboard.writeText');
  });

  describe.each(['saml', 'oidc'] as const)('over %s', (protocol) => {
    it.each(CASES)('$username ($quirk)', async (c) => {
      const { rows, report, body } = await login(protocol, c.username);

      // Every attribute of the data model has a row, and the report has the same status for each.
      expect(Object.keys(rows).sort()).toEqual(ATTRIBUTE_CATALOGUE.map((e) => e.name).sort());
      expect(report.statuses).toEqual(rows);
      for (const name of c.empty) expect.soft(rows[name], `${name} should be empty`).toBe('empty');
      for (const name of c.error) expect.soft(rows[name], `${name} should be an error`).toBe('error');
      for (const name of c.ok) expect.soft(rows[name], `${name} should be OK`).toBe('ok');
      if (c.error.length === 0) expect(Object.values(rows)).not.toContain('error');

      // Released values only for OK rows; nothing for empty or error rows.
      for (const [name, status] of Object.entries(rows)) {
        if (status === 'ok') expect(report.released[name]?.length, name).toBeGreaterThan(0);
        else expect(report.released[name], name).toBeUndefined();
      }

      // The raw attributes the school sent: the quirk's attribute is missing, the rest is there.
      expect(report.raw).not.toHaveProperty(c.rawMissing);
      expect(report.raw.mpassUserIdentity).toEqual([`mansikkala-${c.username}`]);
      expect(body).toContain('<table id="raw">');

      // The rule that explains an error or a warning, on the page and in the report.
      expect(report.problems).toHaveLength(c.problems.length);
      for (const p of c.problems) {
        expect(report.problems).toContainEqual(
          expect.objectContaining({
            code: p.code,
            severity: p.severity,
            ...(p.attributes ? { attributes: expect.arrayContaining(p.attributes) } : {}),
          }),
        );
        expect(body).toMatch(new RegExp(`<ul id="problems">[\\s\\S]*<code>${p.code}</code>`));
      }
      if (c.problems.length === 0) expect(body).toContain('Nothing to report.');

      expect(report.protocol).toBe(protocol);
      if (c.blocked) {
        expect(body).toContain('The login failed');
        // Passi's answer was a protocol error; the detail is there because this browser went through Passi.
        expect(report.failure?.reason).toBe('refused');
        expect(report.released).toEqual({});
      } else {
        expect(report.failure).toBeUndefined();
        expect(report.facts[protocol === 'saml' ? 'AuthnContextClassRef' : 'acr']).toBe(
          'urn:mpass.id:authnsource:MansikkalaTest',
        );
      }
    });
  });
});
