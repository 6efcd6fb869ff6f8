/**
 * OIDC RP (OIDC Core 1.0 §3.1.3.7, RFC 8725 §3.1): every ID token's signature is verified against the school OP's JWKS,
 * with an alg allow-list (RS256, ES256, PS256; `none` and HS* refused), and the JWKS is refetched once on
 * an unknown `kid`, with a cooldown. The school is a real oidc-provider; each forgery starts from the OP's
 * genuine ID token for this very login (right iss, aud, nonce, exp), so only the signature is wrong.
 * A refused login ends like the other refused OIDC answers (test/upstream-oidc/oidc-e2e.test.ts): Passi's
 * error page with PASSI_SIGNATURE_INVALID and an error id, and nothing half-written (no SSO session).
 * Also: the clock skew (≤ 2 min) and a JWKS outage, which is the OP failing (PASSI_UPSTREAM_FAILED, back to
 * the service as a protocol error like other upstream failures), not a forgery.
 */

import { base64url, decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { BrowserlessClient, type BrowserResponse } from '../support/browserless-client.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type KeyedOp, startKeyedOp } from './support/keyed-op.ts';

const P = '1.2.246.562.99.00000000001';
const FLOW = 'SignedOidc';
const CLIENT_SECRET = 'keyed-op-client-secret-0123456789abcdef';
const LEARNER = '1.2.246.562.98.30000000011';
const EVIL_LEARNER = '1.2.246.562.98.66666666666';

function registry(op: KeyedOp): string {
  return `
integrations:
  - id: "4000211"
    organisationOid: ${P}
    type: oidc
    flowName: ${FLOW}
    deploymentPhase: test
    settings: { kind: oidc, issuer: "${op.issuer}", clientId: passi-rp, scopes: [profile] }
    secrets: { clientSecret: ${CLIENT_SECRET} }
    discovery: { displayName: { fi: Avainkoulun OIDC } }
`;
}

const enc = (value: unknown) => base64url.encode(JSON.stringify(value));
const parts = (jwt: string) => {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  return { header, payload, signature };
};

describe('OIDC RP: ID token signatures, alg allow-list and JWKS rotation', () => {
  let t: TestApp;
  let op: KeyedOp;
  beforeAll(async () => {
    const port = await freePort();
    op = await startKeyedOp({
      clientId: 'passi-rp',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`http://localhost:${port}/upstream/oidc/${FLOW}/callback`],
      claims: ['learnerId', 'schoolCode', 'userRole', 'class'],
    });
    op.accounts.set('signed-student', {
      given_name: 'Sanna',
      family_name: 'Signed',
      learnerId: LEARNER,
      schoolCode: '30076',
      userRole: 'Oppilas',
      class: '7A',
    });
    op.loginAs = 'signed-student';
    t = await createTestApp({ port, registry: registry(op) });
  });
  afterEach(() => {
    op.forgeIdToken = undefined;
    op.jwksFailStatus = undefined;
    vi.useRealTimers();
  });
  afterAll(async () => {
    await t?.close();
    await op?.close();
  });

  async function sessions(): Promise<number> {
    // Written behind the logins on the embedded store: counted once written.
    await flushWritesBehind(t.services.writesBehind);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM session`.execute(t.services.db);
    return r.rows[0]?.n ?? 0;
  }

  /** A SAML service starts a login; the browser goes through the OP and lands on Passi's callback. */
  async function loginUntilCallback(): Promise<{ browser: BrowserlessClient; res: BrowserResponse }> {
    const browser = new BrowserlessClient();
    let res = await browser.get(`${t.baseUrl}/test-service/saml/login?flow=${FLOW}&lang=en`);
    for (let i = 0; i < 15; i++) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`no redirect at ${res.url} (${res.status})`);
      const next = new URL(location, res.url).toString();
      res = await browser.get(next);
      if (next.startsWith(`${t.baseUrl}/upstream/oidc/`)) return { browser, res };
    }
    throw new Error('too many redirects');
  }

  async function expectLoginSucceeds(): Promise<void> {
    const { browser, res } = await loginUntilCallback();
    expect(res.headers.get('x-passi-error-code'), res.body.slice(0, 300)).toBeNull();
    const result = await browser.submitForm(await browser.follow(res));
    expect(result.body).toContain(LEARNER);
    expect(result.body).toContain(`urn:mpass.id:authnsource:${FLOW}`);
  }

  async function expectRefused(): Promise<BrowserResponse> {
    const before = await sessions();
    const { browser, res } = await loginUntilCallback();
    expect(res.status, res.body.slice(0, 300)).toBe(400);
    expect(res.headers.get('x-passi-error-code')).toBe(ErrorCodes.UPSTREAM_ANSWER_INVALID);
    expect(res.body).toMatch(/class="error-id">[0-9a-f-]{36}</);
    expect(res.body).not.toContain(EVIL_LEARNER);
    expect(browser.cookie(new URL(t.baseUrl).host, '__Host-passi_session')).toBeUndefined();
    expect(await sessions(), 'an SSO session was written for a refused login').toBe(before);
    return res;
  }

  it('control: the genuine, signed ID token is accepted', async () => {
    await expectLoginSucceeds();
    const last = op.issuedIdTokens.at(-1) ?? '';
    expect(decodeProtectedHeader(last)).toMatchObject({ alg: 'RS256', kid: op.currentKid });
  });

  it('refuses an ID token signed with a key not in the JWKS (same kid as the published key)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    op.forgeIdToken = (genuine) =>
      new SignJWT(decodeJwt(genuine))
        .setProtectedHeader({ alg: 'RS256', kid: op.currentKid })
        .sign(privateKey);
    await expectRefused();
  });

  it('refuses an ID token signed with a key not in the JWKS (an unknown kid)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    op.forgeIdToken = (genuine) =>
      new SignJWT(decodeJwt(genuine))
        .setProtectedHeader({ alg: 'RS256', kid: 'attacker-1' })
        .sign(privateKey);
    await expectRefused();
  });

  it('refuses an unsigned ID token (alg none)', async () => {
    op.forgeIdToken = async (genuine) => `${enc({ alg: 'none', typ: 'JWT' })}.${parts(genuine).payload}.`;
    await expectRefused();
  });

  it('refuses an ID token whose RS256 signature was stripped', async () => {
    op.forgeIdToken = async (genuine) => {
      const { header, payload } = parts(genuine);
      return `${header}.${payload}.`;
    };
    await expectRefused();
  });

  it('refuses an HS256 ID token signed with the client secret (key confusion)', async () => {
    op.forgeIdToken = (genuine) =>
      new SignJWT(decodeJwt(genuine))
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(CLIENT_SECRET));
    await expectRefused();
  });

  it('refuses a genuine ID token whose payload was changed (signature no longer matches)', async () => {
    op.forgeIdToken = async (genuine) => {
      const { header, payload, signature } = parts(genuine);
      const claims: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
      return `${header}.${enc({ ...Object(claims), learnerId: EVIL_LEARNER })}.${signature}`;
    };
    await expectRefused();
  });

  it('clock skew: an ID token that expired 45 s ago is accepted, 150 s ago refused (≤ 2 min, §4.4)', async () => {
    const expiredBy = (seconds: number) => (genuine: string) => {
      const now = Math.floor(Date.now() / 1000);
      return op.sign({ ...decodeJwt(genuine), iat: now - 600, exp: now - seconds });
    };
    op.forgeIdToken = expiredBy(45);
    await expectLoginSucceeds();
    op.forgeIdToken = expiredBy(150);
    await expectRefused();
  });

  it('key rotation: a new kid refetches the JWKS once (after the cooldown) and the login succeeds', async () => {
    // openid-client keeps the JWKS at most 5 min and refetches on an unknown kid when its copy is at least
    // 60 s old (oauth4webapi's cooldown). Only Date is faked, so the servers and the store run as usual.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 301_000);
    let fetched = op.jwksRequests;
    await expectLoginSucceeds();
    expect(op.jwksRequests, 'a JWKS older than 5 min is fetched again').toBe(fetched + 1);
    const oldKid = op.currentKid;

    const newKid = await op.rotate();
    expect(newKid).not.toBe(oldKid);
    fetched = op.jwksRequests;
    // Within the cooldown an unknown kid is refused without hammering the OP's JWKS endpoint.
    await expectRefused();
    expect(op.jwksRequests).toBe(fetched);

    vi.setSystemTime(Date.now() + 61_000);
    await expectLoginSucceeds();
    expect(op.jwksRequests, 'the JWKS is refetched exactly once for the new kid').toBe(fetched + 1);
    expect(decodeProtectedHeader(op.issuedIdTokens.at(-1) ?? '')).toMatchObject({ kid: newKid });

    // The new key is cached: the next login does not fetch again.
    await expectLoginSucceeds();
    expect(op.jwksRequests).toBe(fetched + 1);
  });

  it('a JWKS outage is the OP failing, not a forgery: back to the service as a protocol error', async () => {
    // An hour on (past any copy cached by the tests above, whose clocks ran ahead), the JWKS must be
    // fetched; the school's JWKS endpoint answers 503.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 3_600_000);
    op.jwksFailStatus = 503;
    const before = await sessions();
    const fetched = op.jwksRequests;
    const { browser, res } = await loginUntilCallback();
    expect(op.jwksRequests).toBe(fetched + 1);
    const result = await browser.submitForm(await browser.follow(res));
    expect(result.body).toContain('The login failed');
    expect(result.body).not.toContain(LEARNER);
    expect(await sessions()).toBe(before);
  });
});
