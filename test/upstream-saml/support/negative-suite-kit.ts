/**
 * What the SAML SP negative suites (saml-sp-negative-*.test.ts, cases SP-01…SP-30 of
 * docs/security-cases.md) share: one Passi with three school IdPs per suite file, the code constants, and
 * `expectRefused`, which checks that a refused response leaves nothing half-written: no SSO session, no
 * login report for the service, the browser's flow still live (not consumed), the replay cache untouched.
 * The messages are built at test time with ephemeral keys and written to
 * test/fixtures/upstream-saml/generated/ under the fixture's file name for inspection.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { ErrorCodes } from '../../../src/core/error-codes.ts';
import { parseForms } from '../../support/browserless-client.ts';
import type { TestAppOptions } from '../../support/test-app.ts';
import { adfsStudent, type SamlSpWorld, startSamlSpWorld } from './saml-sp-setup.ts';
import type { PostedForm, SpFixture } from './sp-fixtures.ts';
import { watchDecoding } from './watch-decoding.ts';
import { EVIL_NAME } from './xsw.ts';

const GENERATED = new URL('../../fixtures/upstream-saml/generated/', import.meta.url);
mkdirSync(GENERATED, { recursive: true });
export const writeGenerated = (file: string, content: string) =>
  writeFileSync(new URL(file, GENERATED), content);

export const A = 'SignedKoulu'; // Google-shaped: signed assertion, no encryption
export const ENC = 'AdfsKoulu'; // ADFS-shaped: signed request, encrypted assertion, signed response
export const B = 'ToinenKoulu'; // a second school (cross-integration cases)

// Every refused school answer has one code (the school's answer is not valid), whichever check refused it.
export const {
  UPSTREAM_ANSWER_INVALID: INVALID,
  UPSTREAM_ANSWER_INVALID: SIG,
  UPSTREAM_ANSWER_INVALID: UNSIGNED,
} = ErrorCodes;
export const { REQUEST_TOO_LARGE: TOO_LARGE, REPLAY } = ErrorCodes;
export const ERROR_ID = /class="error-id">[0-9a-f-]{36}</;
export const FLOW_COOKIE = '__Host-passi_flow';

/** The world started in `beforeAll`, read when a test uses it (the suite body runs before the hook). */
function lateWorld(started: () => SamlSpWorld): SamlSpWorld {
  return {
    get t() {
      return started().t;
    },
    get idps() {
      return started().idps;
    },
    idp: (flowName) => started().idp(flowName),
    refreshMetadata: () => started().refreshMetadata(),
    startLogin: (flowName, browser, face) => started().startLogin(flowName, browser, face),
    counts: () => started().counts(),
    close: () => started().close(),
  };
}

/**
 * Registers, in the calling `describe`, the start of Passi with schools A, ENC and B and its close;
 * returns the world and the helpers bound to it.
 */
/** `app`: options of the Passi under test (e.g. where its short-lived state is kept). */
export function useNegativeSuite(app: TestAppOptions = {}) {
  let world: SamlSpWorld | undefined;
  beforeAll(async () => {
    world = await startSamlSpWorld(
      [
        { id: '4000201', flowName: A, type: 'google', shape: 'google' },
        { id: '4000202', flowName: ENC, type: 'adfs', shape: 'adfs' },
        { id: '4000203', flowName: B, type: 'saml', shape: 'google', idp: { keyLabel: 'school-idp-b' } },
      ],
      app,
    );
    for (const [flow, n] of [
      [A, 1],
      [ENC, 2],
      [B, 3],
    ] as const)
      world.idp(flow).user = { nameId: `user-${n}`, attributes: adfsStudent(n) };
  });
  afterAll(() => world?.close());

  const w = lateWorld(() => {
    if (!world) throw new Error('the SAML SP world is not started (used outside a test?)');
    return world;
  });

  /** Makes the IdP of `flow` answer the next login with `fixture.next`; returns what it actually sent. */
  function arm(flow: string, fixture: SpFixture): { sent(): string } {
    let sent = '';
    const mutate = fixture.next.mutate;
    w.idp(flow).next = {
      ...fixture.next,
      mutate: (xml) => {
        sent = mutate ? mutate(xml) : xml;
        return sent;
      },
    };
    return { sent: () => sent };
  }

  /**
   * Starts a login, lets the IdP answer with the fixture, posts it (changed as the fixture says) and
   * expects a refusal with one of `codes`, an error page with an error id, nothing written and nothing
   * for the service. With `watch`, records what the POST's handling inflated and how many XML documents
   * it parsed.
   */
  async function expectRefused(
    fixture: SpFixture,
    codes: readonly string[],
    options: { flow?: string; watch?: boolean } = {},
  ) {
    const flow = options.flow ?? A;
    const before = await w.counts();
    const armed = arm(flow, fixture);
    const { browser, idpPage } = await w.startLogin(flow);
    expect(idpPage.status, idpPage.body).toBe(200);
    const parsed = parseForms(idpPage.body)[0];
    if (!parsed) throw new Error('no form from the IdP');
    const form: PostedForm = fixture.post ? fixture.post(parsed) : parsed;
    const posted = form.fields.SAMLResponse ?? '';
    // What reached Passi: the IdP's XML, or the posted field when the fixture re-encoded it.
    writeGenerated(fixture.file, posted === parsed.fields.SAMLResponse ? armed.sent() : posted);
    const send = () => browser.post(new URL(form.action, idpPage.url).toString(), form.fields);
    const watched = options.watch
      ? await watchDecoding(send)
      : { result: await send(), inflateCalls: [], xmlParses: Number.NaN };
    const res = watched.result;
    const code = res.headers.get('x-passi-error-code');
    expect(res.status, `${fixture.file}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(codes, `${fixture.file}: got ${code}`).toContain(code);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.body).toMatch(ERROR_ID);
    // Nothing reaches the service: no form toward it, and no attacker value on the page.
    expect(parseForms(res.body).filter((f) => f.fields.SAMLResponse !== undefined)).toEqual([]);
    expect(res.body).not.toContain(EVIL_NAME);
    expect(browser.cookie(new URL(w.t.baseUrl).host, '__Host-passi_session')).toBeUndefined();
    const after = await w.counts();
    expect(after.replay, `${fixture.file}: replay cache touched`).toBe(before.replay);
    expect(after.sessions, `${fixture.file}: session written`).toBe(before.sessions);
    expect(after.reports, `${fixture.file}: login report written`).toBe(before.reports);
    expect(after.liveFlows, `${fixture.file}: flow consumed`).toBe(before.liveFlows + 1);
    const { inflateCalls, xmlParses } = watched;
    return { browser, res, sent: armed.sent(), posted, inflateCalls, xmlParses };
  }

  return { w, arm, expectRefused };
}
