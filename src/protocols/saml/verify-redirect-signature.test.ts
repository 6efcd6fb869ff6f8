import { sign } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { SAML } from '@node-saml/node-saml';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { parseAuthnRequest } from './authn-request.ts';
import { decodeRedirectMessage } from './decode-binding.ts';
import { ALG } from './namespaces.ts';
import { testKey } from './test-kit.ts';
import { parseRedirectQuery, verifyRedirectSignature } from './verify-redirect-signature.ts';

const SSO = 'https://passi.example/idp/profile/SAML2/Redirect/SSO';
const sp = testKey('sp-sign');

async function nodeSamlRedirect(
  signatureAlgorithm: 'sha1' | 'sha256' | 'sha512' = 'sha256',
): Promise<string> {
  const saml = new SAML({
    entryPoint: SSO,
    issuer: 'https://sp.example/shibboleth',
    callbackUrl: 'https://sp.example/acs',
    idpCert: testKey('idp').certificatePem,
    privateKey: sp.privateKeyPem,
    signatureAlgorithm,
  });
  // No space in RelayState: node-saml signs querystring.stringify() octets (space → %20) but sends
  // URLSearchParams ones (space → +), so its own octets differ; raw-octet verification (as Shibboleth
  // does) rightly refuses that.
  const url = await saml.getAuthorizeUrlAsync('relay/ä+&=', undefined, {});
  return new URL(url).search.slice(1);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PassiError) return e.code;
    throw e;
  }
  return undefined;
}

describe('HTTP-Redirect signature (node-saml as the signing SP)', () => {
  it('verifies over the raw query and yields a readable AuthnRequest', async () => {
    const query = parseRedirectQuery(`${await nodeSamlRedirect()}&lang=fi`);
    verifyRedirectSignature(query, [testKey('other').certificatePem, sp.certificatePem]);
    expect(query.relayState).toBe('relay/ä+&=');
    const request = parseAuthnRequest(decodeRedirectMessage(query.message), {
      clock: systemClock,
      ssoUrls: [SSO],
    });
    expect(request.issuer).toBe('https://sp.example/shibboleth');
  });

  it('verifies RSA-SHA512', async () => {
    const q = parseRedirectQuery(await nodeSamlRedirect('sha512'));
    expect(() => verifyRedirectSignature(q, [sp.certificatePem])).not.toThrow();
  });

  it('refuses RSA-SHA1', async () => {
    const q = parseRedirectQuery(await nodeSamlRedirect('sha1'));
    expect(q.sigAlg).toBe(ALG.rsaSha1);
    expect(codeOf(() => verifyRedirectSignature(q, [sp.certificatePem]))).toBe(ErrorCodes.SIGNATURE_INVALID);
  });

  it('refuses a key that is not registered, and fails closed with no certificate', async () => {
    const q = parseRedirectQuery(await nodeSamlRedirect());
    expect(codeOf(() => verifyRedirectSignature(q, [testKey('other').certificatePem]))).toBe(
      ErrorCodes.SIGNATURE_INVALID,
    );
    expect(codeOf(() => verifyRedirectSignature(q, []))).toBe(ErrorCodes.SIGNATURE_INVALID);
  });

  it('refuses an unsigned query as SIGNATURE_REQUIRED', async () => {
    const raw = (await nodeSamlRedirect())
      .split('&')
      .filter((p) => !p.startsWith('SigAlg=') && !p.startsWith('Signature='));
    expect(
      codeOf(() => verifyRedirectSignature(parseRedirectQuery(raw.join('&')), [sp.certificatePem])),
    ).toBe(ErrorCodes.SIGNATURE_REQUIRED);
  });

  it('refuses a re-encoded SAMLRequest value (same bytes after decoding, different octets)', async () => {
    const raw = await nodeSamlRedirect();
    const reencoded = raw.replace(
      /^SAMLRequest=([^&]*)/,
      (_m, v: string) => `SAMLRequest=${v.replace(/%2B/g, '%2b').replace(/%2F/g, '%2f')}`,
    );
    expect(reencoded).not.toBe(raw);
    const q = parseRedirectQuery(reencoded);
    expect(q.message).toBe(parseRedirectQuery(raw).message);
    expect(codeOf(() => verifyRedirectSignature(q, [sp.certificatePem]))).toBe(ErrorCodes.SIGNATURE_INVALID);
  });

  it('refuses a tampered RelayState and a duplicated parameter', async () => {
    const raw = await nodeSamlRedirect();
    const tampered = raw.replace(/RelayState=[^&]*/, 'RelayState=other');
    expect(codeOf(() => verifyRedirectSignature(parseRedirectQuery(tampered), [sp.certificatePem]))).toBe(
      ErrorCodes.SIGNATURE_INVALID,
    );
    expect(codeOf(() => parseRedirectQuery(`${raw}&SigAlg=x`))).toBe(ErrorCodes.REQUEST_INVALID);
  });
});

describe('HTTP-Redirect signature (hand-built)', () => {
  const message = encodeURIComponent(deflateRawSync('<samlp:AuthnRequest/>').toString('base64'));
  const sigAlg = encodeURIComponent(ALG.ecdsaSha256);
  const ec = testKey('sp-ec', 'ec-p256');

  it('verifies ECDSA-SHA256 (r||s and DER)', () => {
    const octets = `SAMLRequest=${message}&SigAlg=${sigAlg}`;
    for (const dsaEncoding of ['ieee-p1363', 'der'] as const) {
      const s = sign('sha256', Buffer.from(octets), { key: ec.privateKeyPem, dsaEncoding }).toString(
        'base64',
      );
      const q = parseRedirectQuery(`${octets}&Signature=${encodeURIComponent(s)}`);
      expect(() => verifyRedirectSignature(q, [ec.certificatePem])).not.toThrow();
    }
  });

  it('refuses a signature computed over re-ordered parameters', () => {
    const reordered = `SigAlg=${sigAlg}&SAMLRequest=${message}`;
    const s = sign('sha256', Buffer.from(reordered), {
      key: ec.privateKeyPem,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64');
    const q = parseRedirectQuery(`${reordered}&Signature=${encodeURIComponent(s)}`);
    expect(codeOf(() => verifyRedirectSignature(q, [ec.certificatePem]))).toBe(ErrorCodes.SIGNATURE_INVALID);
  });

  it('refuses an ECDSA SigAlg checked against an RSA certificate', () => {
    const octets = `SAMLRequest=${message}&SigAlg=${sigAlg}`;
    const s = sign('sha256', Buffer.from(octets), {
      key: ec.privateKeyPem,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64');
    const q = parseRedirectQuery(`${octets}&Signature=${encodeURIComponent(s)}`);
    expect(codeOf(() => verifyRedirectSignature(q, [sp.certificatePem]))).toBe(ErrorCodes.SIGNATURE_INVALID);
  });
});
