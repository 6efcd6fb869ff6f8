/**
 * Malformed, oversized, deflate-bombed, DOCTYPE-carrying, unsigned-when-required,
 * forged, unknown-issuer, stale and replayed AuthnRequests are refused with an error page carrying an
 * error id (and the code in `x-passi-error-code`); nothing is POSTed anywhere.
 */
import { deflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import {
  authnRequestXml,
  deflateBase64,
  newRequestId,
  postSsoFields,
  redirectQueryFor,
  redirectSsoUrl,
  ssoUrls,
} from './support/authn-requests.ts';
import { createLoggedTestApp, type LoggedTestApp } from './support/logged-test-app.ts';
import { expectErrorPage, TEST_DIRECTORY_LOGIN } from './support/saml-checks.ts';
import { registryYaml, spEntityId, spKeys } from './support/sp-registry.ts';

const SIGNED = 'neg-signed';
const UNSIGNED = 'neg-unsigned';

describe('SAML SSO refuses bad AuthnRequests with an error page, never a POST', () => {
  let t: LoggedTestApp;
  let sso: ReturnType<typeof ssoUrls>;
  const browser = new BrowserlessClient();
  beforeAll(async () => {
    t = await createLoggedTestApp(
      registryYaml([
        { id: SIGNED, authnRequestsSigned: true },
        { id: UNSIGNED, authnRequestsSigned: false },
      ]),
    );
    sso = ssoUrls(t.baseUrl);
  });
  afterAll(() => t?.close());

  const request = (o: Partial<Parameters<typeof authnRequestXml>[0]> & { binding: 'redirect' | 'post' }) =>
    authnRequestXml({
      issuer: spEntityId(SIGNED),
      destination: o.binding === 'post' ? sso.post : sso.redirect,
      ...o,
    });
  const viaRedirect = (xml: string, key = spKeys.signing) =>
    browser.get(redirectSsoUrl(t.baseUrl, xml, { key }));
  const viaPost = (xml: string, key = spKeys.signing) => browser.post(sso.post, postSsoFields(xml, { key }));

  it('control: a well-formed signed request is accepted (Redirect and POST)', async () => {
    const r = await viaRedirect(request({ binding: 'redirect' }));
    expect(r.status).toBe(303);
    expect(new URL(r.headers.get('location') ?? '', t.baseUrl).pathname).toBe(TEST_DIRECTORY_LOGIN);
    const p = await viaPost(request({ binding: 'post' }));
    expect(p.status).toBe(303);
  });

  it('the error id on the page is the reqId of the log line that records the refusal and its code', async () => {
    const errorId = expectErrorPage(
      await browser.get(`${sso.redirect}?SAMLRequest=not*base64!`),
      400,
      ErrorCodes.REQUEST_INVALID,
    );
    const logged = t.logLines().find((l) => l.reqId === errorId && l.errorId === errorId);
    expect(logged).toMatchObject({ code: ErrorCodes.REQUEST_INVALID, msg: 'request failed' });
  });

  describe('malformed encoding', () => {
    it('Redirect: SAMLRequest that is not base64 → 400 PASSI_REQUEST_INVALID', async () => {
      expectErrorPage(
        await browser.get(`${sso.redirect}?SAMLRequest=not*base64!`),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    it('Redirect: broken percent-encoding → 400 PASSI_REQUEST_INVALID', async () => {
      expectErrorPage(
        await browser.get(`${sso.redirect}?SAMLRequest=%E0%A4%A`),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    it('Redirect: base64 that is not DEFLATE data → 400 PASSI_REQUEST_INVALID', async () => {
      const notDeflate = Buffer.from('plain text, never deflated').toString('base64');
      expectErrorPage(
        await browser.get(`${sso.redirect}?${redirectQueryFor(notDeflate)}`),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    it('POST: SAMLRequest that is not base64 → 400 PASSI_REQUEST_INVALID', async () => {
      expectErrorPage(
        await browser.post(sso.post, { SAMLRequest: '@@not base64@@' }),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    it('POST: a DEFLATEd SAMLRequest (HTTP-POST carries plain base64, Bindings §3.5.4) → 400 PASSI_REQUEST_INVALID', async () => {
      const fields = { SAMLRequest: deflateBase64(request({ binding: 'post' })) };
      expectErrorPage(await browser.post(sso.post, fields), 400, ErrorCodes.REQUEST_INVALID);
    });

    it('POST: no SAMLRequest field → 400 PASSI_REQUEST_INVALID', async () => {
      expectErrorPage(await browser.post(sso.post, { RelayState: 'x' }), 400, ErrorCodes.REQUEST_INVALID);
    });
  });

  describe('not XML, DOCTYPE', () => {
    it('Redirect: DEFLATEd text that is not XML → 400 PASSI_REQUEST_INVALID', async () => {
      expectErrorPage(
        await browser.get(`${sso.redirect}?${redirectQueryFor(deflateBase64('<not xml'))}`),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    it('POST: base64 text that is not XML → 400 PASSI_REQUEST_INVALID', async () => {
      const fields = { SAMLRequest: Buffer.from('{"json": "not xml"}').toString('base64') };
      expectErrorPage(await browser.post(sso.post, fields), 400, ErrorCodes.REQUEST_INVALID);
    });

    const doctype =
      '<!DOCTYPE samlp:AuthnRequest [<!ENTITY issuer "https://neg-signed.sp.example/shibboleth">]>';
    it('Redirect: request carrying a DOCTYPE with an ENTITY → 400 PASSI_REQUEST_INVALID', async () => {
      expectErrorPage(
        await viaRedirect(request({ binding: 'redirect', prolog: doctype })),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    // Read strictly (src/protocols/saml/read-xml.ts): what XML 1.0 forbids or SAML never carries is
    // refused, though a lenient parser would let it through.
    it('Redirect: request carrying a processing instruction → 400 PASSI_REQUEST_INVALID', async () => {
      expectErrorPage(
        await viaRedirect(request({ binding: 'redirect', prolog: '<?xml-stylesheet href="x"?>' })),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    it('POST: request carrying a DOCTYPE → 400 PASSI_REQUEST_INVALID', async () => {
      const xml = request({
        binding: 'post',
        issuer: spEntityId(UNSIGNED),
        prolog: '<!DOCTYPE samlp:AuthnRequest>',
      });
      expectErrorPage(
        await browser.post(sso.post, { SAMLRequest: Buffer.from(xml).toString('base64') }),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });
  });

  describe('size limits', () => {
    it('POST: a request larger than the 256 KiB limit → 413 PASSI_REQUEST_TOO_LARGE', async () => {
      const xml = request({ binding: 'post', issuer: spEntityId(UNSIGNED), padding: 300 * 1024 });
      const fields = { SAMLRequest: Buffer.from(xml).toString('base64') };
      expectErrorPage(await browser.post(sso.post, fields), 413, ErrorCodes.REQUEST_TOO_LARGE);
    });

    it('Redirect: a deflate bomb (a few KB inflating to 5 MB, past the 64 KiB cap) → 413 PASSI_REQUEST_TOO_LARGE', async () => {
      const bomb = deflateRawSync(
        Buffer.concat([
          Buffer.from('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">'),
          Buffer.alloc(5 * 1024 * 1024, 0x20),
        ]),
      );
      const encoded = bomb.toString('base64');
      expect(encoded.length).toBeLessThan(8 * 1024);
      const started = Date.now();
      expectErrorPage(
        await browser.get(`${sso.redirect}?${redirectQueryFor(encoded)}`),
        413,
        ErrorCodes.REQUEST_TOO_LARGE,
      );
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('Redirect: a compressible request inflating just past 64 KiB → 413 PASSI_REQUEST_TOO_LARGE', async () => {
      const xml = request({ binding: 'redirect', issuer: spEntityId(UNSIGNED), padding: 70 * 1024 });
      expectErrorPage(
        await browser.get(`${sso.redirect}?${redirectQueryFor(deflateBase64(xml))}`),
        413,
        ErrorCodes.REQUEST_TOO_LARGE,
      );
    });
  });

  describe('signatures', () => {
    it('Redirect: unsigned request for a service with authnRequestsSigned: true → 400 PASSI_SIGNATURE_REQUIRED', async () => {
      const url = redirectSsoUrl(t.baseUrl, request({ binding: 'redirect' }));
      expectErrorPage(await browser.get(url), 400, ErrorCodes.SIGNATURE_REQUIRED);
    });

    it('POST: unsigned request for a service with authnRequestsSigned: true → 400 PASSI_SIGNATURE_REQUIRED', async () => {
      const fields = postSsoFields(request({ binding: 'post' }));
      expectErrorPage(await browser.post(sso.post, fields), 400, ErrorCodes.SIGNATURE_REQUIRED);
    });

    it('Redirect: request signed with an unregistered key → 400 PASSI_SIGNATURE_INVALID', async () => {
      expectErrorPage(
        await viaRedirect(request({ binding: 'redirect' }), spKeys.unregistered),
        400,
        ErrorCodes.SIGNATURE_INVALID,
      );
    });

    it('POST: request signed with an unregistered key → 400 PASSI_SIGNATURE_INVALID', async () => {
      expectErrorPage(
        await viaPost(request({ binding: 'post' }), spKeys.unregistered),
        400,
        ErrorCodes.SIGNATURE_INVALID,
      );
    });

    it('Redirect: RelayState changed after signing → 400 PASSI_SIGNATURE_INVALID', async () => {
      const url = redirectSsoUrl(t.baseUrl, request({ binding: 'redirect' }), {
        key: spKeys.signing,
        relayState: 'original',
      });
      expectErrorPage(
        await browser.get(url.replace('RelayState=original', 'RelayState=changed')),
        400,
        ErrorCodes.SIGNATURE_INVALID,
      );
    });

    it('Redirect: signed with an unregistered key to a service that does not require signing → still refused', async () => {
      const xml = request({ binding: 'redirect', issuer: spEntityId(UNSIGNED) });
      expectErrorPage(await viaRedirect(xml, spKeys.unregistered), 400, ErrorCodes.SIGNATURE_INVALID);
    });
  });

  it('Redirect: an XML signature inside a Redirect-bound request (Bindings §3.4.4.1 forbids it) → 400 PASSI_REQUEST_INVALID', async () => {
    const signedXml = Buffer.from(
      postSsoFields(request({ binding: 'redirect' }), { key: spKeys.signing }).SAMLRequest ?? '',
      'base64',
    );
    expectErrorPage(
      await browser.get(`${sso.redirect}?${redirectQueryFor(deflateBase64(signedXml))}`),
      400,
      ErrorCodes.REQUEST_INVALID,
    );
  });

  it('RelayState longer than 512 characters → 400 PASSI_REQUEST_INVALID', async () => {
    const url = redirectSsoUrl(t.baseUrl, request({ binding: 'redirect' }), {
      key: spKeys.signing,
      relayState: 'r'.repeat(600),
    });
    expectErrorPage(await browser.get(url), 400, ErrorCodes.REQUEST_INVALID);
  });

  describe('issuer, time and replay', () => {
    it('Redirect: unknown Issuer → 400 PASSI_SERVICE_UNKNOWN', async () => {
      const xml = request({ binding: 'redirect', issuer: 'https://unknown.sp.example/shibboleth' });
      expectErrorPage(await viaRedirect(xml), 400, ErrorCodes.SERVICE_UNKNOWN);
    });

    it('POST: unknown Issuer → 400 PASSI_SERVICE_UNKNOWN', async () => {
      const xml = request({ binding: 'post', issuer: 'https://unknown.sp.example/shibboleth' });
      expectErrorPage(await viaPost(xml), 400, ErrorCodes.SERVICE_UNKNOWN);
    });

    it('IssueInstant 10 minutes old → 400 PASSI_REQUEST_INVALID', async () => {
      const xml = request({ binding: 'redirect', issueInstant: new Date(Date.now() - 10 * 60_000) });
      expectErrorPage(await viaRedirect(xml), 400, ErrorCodes.REQUEST_INVALID);
    });

    it('IssueInstant 10 minutes in the future → 400 PASSI_REQUEST_INVALID', async () => {
      const xml = request({ binding: 'post', issueInstant: new Date(Date.now() + 10 * 60_000) });
      expectErrorPage(await viaPost(xml), 400, ErrorCodes.REQUEST_INVALID);
    });

    it('signed request without Destination (Bindings §3.4.5.2, §3.5.5.2) → 400 PASSI_REQUEST_INVALID', async () => {
      expectErrorPage(
        await viaRedirect(request({ binding: 'redirect', destination: undefined })),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
      expectErrorPage(
        await viaPost(request({ binding: 'post', destination: undefined })),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    it('control: an unsigned request may leave Destination out', async () => {
      const xml = request({ binding: 'redirect', destination: undefined, issuer: spEntityId(UNSIGNED) });
      expect((await browser.get(redirectSsoUrl(t.baseUrl, xml))).status).toBe(303);
    });

    it('two Issuer elements (signed or not) → 400 PASSI_REQUEST_INVALID', async () => {
      const twice = (xml: string, second: string) =>
        xml.replace(/(<saml:Issuer>[^<]*<\/saml:Issuer>)/, `$1<saml:Issuer>${second}</saml:Issuer>`);
      expectErrorPage(
        await viaRedirect(twice(request({ binding: 'redirect' }), spEntityId(UNSIGNED))),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
      expectErrorPage(
        await viaPost(twice(request({ binding: 'post' }), spEntityId(SIGNED))),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
      const unsigned = request({ binding: 'redirect', issuer: spEntityId(UNSIGNED) });
      expectErrorPage(
        await browser.get(redirectSsoUrl(t.baseUrl, twice(unsigned, spEntityId(SIGNED)))),
        400,
        ErrorCodes.REQUEST_INVALID,
      );
    });

    it('Destination naming another endpoint → 400 PASSI_REQUEST_INVALID', async () => {
      const xml = request({
        binding: 'redirect',
        destination: 'https://other-idp.example/idp/profile/SAML2/Redirect/SSO',
      });
      expectErrorPage(await viaRedirect(xml), 400, ErrorCodes.REQUEST_INVALID);
    });

    it('the same AuthnRequest ID twice (Redirect) → the second is refused with PASSI_REPLAY', async () => {
      const url = redirectSsoUrl(t.baseUrl, request({ binding: 'redirect', id: newRequestId() }), {
        key: spKeys.signing,
      });
      expect((await browser.get(url)).status).toBe(303);
      expectErrorPage(await browser.get(url), 400, ErrorCodes.REPLAY);
    });

    it('the same AuthnRequest ID replayed over the other binding → refused with PASSI_REPLAY', async () => {
      const id = newRequestId();
      expect((await viaPost(request({ binding: 'post', id }))).status).toBe(303);
      expectErrorPage(await viaRedirect(request({ binding: 'redirect', id })), 400, ErrorCodes.REPLAY);
    });

    it('a used AuthnRequest ID is remembered until the request would be refused as too old anyway, not longer', async () => {
      // Refused from IssueInstant + 5 minutes (the maximum age) + the clock skew on: the replay row need
      // not outlive that (each row held is store space and work for the sweeper).
      const id = newRequestId();
      const issued = new Date(Math.floor(Date.now() / 1000) * 1000);
      expect((await viaRedirect(request({ binding: 'redirect', id, issueInstant: issued }))).status).toBe(
        303,
      );
      // On the embedded store the id is decided in memory and written behind (write-behind-replay-cache.ts).
      await flushWritesBehind(t.services.writesBehind);
      const { rows } = await sql<{ expires_at: Date }>`
        SELECT expires_at FROM replay WHERE namespace = 'saml-authnrequest' AND key = ${`${spEntityId(SIGNED)} ${id}`}`.execute(
        t.services.db,
      );
      const refusedFrom = issued.getTime() + 5 * 60_000 + t.config.clockSkewSeconds * 1000;
      expect(rows).toHaveLength(1);
      expect(rows[0]?.expires_at.getTime()).toBeGreaterThan(refusedFrom);
      expect(rows[0]?.expires_at.getTime()).toBeLessThanOrEqual(refusedFrom + 1000);
    });
  });
});
