/**
 * SAML SP security cases SP-26…SP-29 (docs/security-cases.md): encrypted assertions, oversized and
 * DEFLATE messages at the ACS, a hostile RelayState, and a school's metadata without a signing
 * certificate. Refusals leave nothing half-written (see ./support/negative-suite-kit.ts); each case runs
 * its named fixture from ./support/sp-fixtures.ts.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { BODY_LIMITS } from '../../src/http/build-server.ts';
import { messages } from '../../src/i18n/messages.ts';
import { parseForms } from '../support/browserless-client.ts';
import {
  A,
  ENC,
  ERROR_ID,
  FLOW_COOKIE,
  INVALID,
  SIG,
  TOO_LARGE,
  useNegativeSuite,
  writeGenerated,
} from './support/negative-suite-kit.ts';
import { samlSentToService } from './support/service-received.ts';
import {
  sp26CbcUnsignedResponse,
  sp26Rsa15,
  sp26WrappedInEncrypted,
  sp27ContentEncodedBody,
  sp27DeflateBombPost,
  sp27DeflatedResponsePost,
  sp27LargeValidResponse,
  sp27OversizedSignedResponse,
  sp27OversizePost,
  sp27RedirectDeflateBomb,
  sp28RelayStateEvil,
  sp29NoCertificate,
} from './support/sp-fixtures.ts';
import { watchDecoding } from './support/watch-decoding.ts';

describe('SAML SP negative suite: encryption and transport (SP-26…SP-29)', () => {
  const { w, arm, expectRefused } = useNegativeSuite();

  it('SP-26 EncryptedAssertion with rsa-1_5 key transport', () =>
    expectRefused(sp26Rsa15(), [INVALID], { flow: ENC }));

  it('SP-26 AES-CBC without a signed Response', () =>
    expectRefused(sp26CbcUnsignedResponse(), [INVALID], { flow: ENC }));

  it('SP-26 a decrypted assertion wrapping a second assertion (Advice)', () =>
    expectRefused(sp26WrappedInEncrypted(), [INVALID], { flow: ENC }));

  describe('SP-27 oversized and DEFLATE messages at the ACS (HTTP-POST only)', () => {
    const expectTooLargePage = (res: { status: number; body: string }) => {
      expect(res.status).toBe(413);
      expect(res.body).toMatch(/role="alert"/);
      expect(res.body).toMatch(ERROR_ID);
      // The page blames the school's answer, not the service's request (the message of the return routes).
      expect(res.body).toContain(messages('en')['error.upstreamAnswer']);
    };

    it('control: a genuine signed Response of ≈ 65 KiB (over the pages’ 32 KiB body limit) is accepted', async () => {
      const fixture = sp27LargeValidResponse();
      const armed = arm(A, fixture);
      const { browser, idpPage } = await w.startLogin(A);
      writeGenerated(fixture.file, armed.sent());
      const posted = parseForms(idpPage.body)[0]?.fields.SAMLResponse ?? '';
      expect(posted.length).toBeGreaterThan(64 * 1024);
      expect(posted.length).toBeLessThan(BODY_LIMITS.protocol);
      const passiPost = await browser.submitForm(idpPage);
      expect(passiPost.status, passiPost.body.slice(0, 300)).toBe(200);
      expect(samlSentToService(passiPost).attributes['urn:oid:2.5.4.42']).toEqual(['Testi28']);
    });

    it('300 KiB in the SAMLResponse field: 413 error page with an error id, nothing written', async () => {
      const { res } = await expectRefused(sp27OversizePost(), [TOO_LARGE]);
      expectTooLargePage(res);
    });

    it('a genuine signed Response over the limit: 413 before it is parsed or inflated', async () => {
      const { res, sent, posted, inflateCalls, xmlParses } = await expectRefused(
        sp27OversizedSignedResponse(),
        [TOO_LARGE],
        {
          watch: true,
        },
      );
      expect(sent).toContain('<ds:Signature');
      expect(posted.length).toBeGreaterThan(BODY_LIMITS.protocol);
      expectTooLargePage(res);
      expect(inflateCalls).toEqual([]);
      expect(xmlParses).toBe(0);
    });

    it('a deflate bomb (64 MiB packed into the SAMLResponse field) is refused without inflating', async () => {
      const fixture = sp27DeflateBombPost();
      const { posted, inflateCalls, xmlParses } = await expectRefused(fixture, [INVALID], { watch: true });
      // Under the size limit, so it is the POST binding's "base64 of XML, never DEFLATE" that refuses it.
      expect(new URLSearchParams({ SAMLResponse: posted }).toString().length).toBeLessThan(
        BODY_LIMITS.protocol,
      );
      expect(inflateCalls).toEqual([]);
      expect(xmlParses).toBe(0); // refused as base64 of no UTF-8 XML, before the parser
    });

    it('the IdP’s real signed Response DEFLATE-encoded (Redirect style) and POSTed: refused, not inflated', async () => {
      const { posted, sent, inflateCalls } = await expectRefused(sp27DeflatedResponsePost(), [INVALID], {
        watch: true,
      });
      expect(sent).toContain('<ds:Signature');
      expect(Buffer.from(posted, 'base64').toString('latin1')).not.toContain('<samlp:Response');
      expect(inflateCalls).toEqual([]);
    });

    it('the whole form body as Content-Encoding: deflate (64 MiB inflated): refused, not inflated', async () => {
      const fixture = sp27ContentEncodedBody();
      writeGenerated(fixture.file, `${fixture.body.length} bytes of zlib → SAMLResponse=AAAA… (64 MiB)`);
      const { browser } = await w.startLogin(A);
      const flowId = browser.cookie(new URL(w.t.baseUrl).host, FLOW_COOKIE);
      if (!flowId) throw new Error('no flow cookie');
      const before = await w.counts();
      const {
        result: res,
        inflateCalls,
        xmlParses,
      } = await watchDecoding(() =>
        fetch(`${w.t.baseUrl}/sp/${A}/acs`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-encoding': 'deflate',
            cookie: `${FLOW_COOKIE}=${flowId}`,
          },
          body: new Uint8Array(fixture.body),
        }),
      );
      const body = await res.text();
      // Passi does not decode Content-Encoding on requests: the packed bytes are no form with a
      // SAMLResponse field, so the login is refused as it stands.
      expect(res.status, body.slice(0, 300)).toBe(400);
      // Refused by the HTTP layer before any SAML code runs: the request, not a school answer.
      expect(res.headers.get('x-passi-error-code')).toBe(ErrorCodes.REQUEST_INVALID);
      expect(body).toMatch(ERROR_ID);
      expect(inflateCalls).toEqual([]);
      expect(xmlParses).toBe(0);
      expect(await w.counts()).toEqual(before);
    });

    it('a deflate bomb over HTTP-Redirect: the ACS has no Redirect binding (404), nothing inflated', async () => {
      const fixture = sp27RedirectDeflateBomb();
      writeGenerated(fixture.file, fixture.query);
      const {
        result: res,
        inflateCalls,
        xmlParses,
      } = await watchDecoding(() => fetch(`${w.t.baseUrl}/sp/${A}/acs?${fixture.query}`));
      expect(res.status).toBe(404);
      expect(await res.text()).toMatch(ERROR_ID);
      expect(inflateCalls).toEqual([]);
      expect(xmlParses).toBe(0);
    });
  });

  it('SP-28 RelayState https://evil.example is ignored (never a redirect target)', async () => {
    const fixture = sp28RelayStateEvil();
    const { browser, idpPage } = await w.startLogin(A);
    const parsed = parseForms(idpPage.body)[0];
    if (!parsed) throw new Error('no form');
    const form = fixture.post ? fixture.post(parsed) : parsed;
    expect(form.fields.RelayState).toBe('https://evil.example');
    const passiPost = await browser.post(form.action, form.fields);
    expect(passiPost.status).toBe(200);
    expect(passiPost.headers.get('location')).toBeNull();
    expect(passiPost.body).not.toContain('evil.example');
    const result = await browser.submitForm(passiPost);
    expect(result.url).toContain('/test-service/saml/acs');
    writeGenerated(fixture.file, 'RelayState=https://evil.example ignored');
  });

  it('SP-29 signing certificate removed from the stored metadata → refused (fail closed)', async () => {
    const db = w.t.services.db;
    const saved = await db
      .selectFrom('upstream_metadata')
      .select('signing_certificates')
      .where('integration_id', '=', '4000201')
      .executeTakeFirstOrThrow();
    await sql`UPDATE upstream_metadata SET signing_certificates = '[]'::jsonb WHERE integration_id = '4000201'`.execute(
      db,
    );
    try {
      await expectRefused(sp29NoCertificate(), [SIG]);
    } finally {
      await db
        .updateTable('upstream_metadata')
        .set({ signing_certificates: JSON.stringify(saved.signing_certificates) })
        .where('integration_id', '=', '4000201')
        .execute();
    }
  });
});
