/**
 * Passi's verify-then-read path for school Responses, judged case by case by node-saml configured as
 * Passi used it before (its validatePostResponseAsync, trusted certificate only, InResponseTo bound to the
 * request): both must accept what a school legitimately sends and both must refuse the tampered and
 * misdirected variants. The full hostile corpus runs end to end in test/upstream-saml (SP-01…SP-30).
 */
import { createPublicKey } from 'node:crypto';
import { type CacheProvider, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { describe, expect, it } from 'vitest';
import { isPassiError } from '../../core/errors.ts';
import { type AssertionInput, buildAssertion } from '../../protocols/saml/build-assertion.ts';
import { encryptAssertion } from '../../protocols/saml/encrypt-assertion.ts';
import { NS, STATUS } from '../../protocols/saml/namespaces.ts';
import { newSamlId, samlInstant } from '../../protocols/saml/saml-ids.ts';
import { signEnveloped } from '../../protocols/saml/sign-enveloped.ts';
import { testKey } from '../../protocols/saml/test-kit.ts';
import { writeCanonical } from '../../protocols/saml/write-canonical-tree.ts';
import { el } from '../../protocols/saml/xml-tree.ts';
import type { ReplayCache, ReplayClaim } from '../../store/state/replay-cache.ts';
import { createParsedPrivateKeys } from './parsed-private-keys.ts';
import { type VerifyResponseInput, verifySamlResponse } from './verify-saml-response.ts';

const IDP = 'https://idp.koulu.example/saml';
const SP = 'https://passi.example/sp';
const ACS = 'https://passi.example/sp/acs/Koulu';
const school = testKey('verify-response-school');
const stranger = testKey('verify-response-stranger');
const encryption = testKey('verify-response-sp-encryption');
const parsedKeys = createParsedPrivateKeys();

interface Case {
  name: string;
  /** Signed parts and encryption of the Response the school sends. */
  signAssertion?: boolean;
  signResponse?: boolean;
  encrypt?: boolean;
  signer?: typeof school;
  assertion?: Partial<AssertionInput>;
  /** Applied to the serialised Response (after signing). */
  mutate?: (xml: string) => string;
  policy?: { requireSignedAssertion?: boolean; requireSignedResponse?: boolean };
  accepted: boolean;
}

async function build(c: Case, requestId: string, now: Date): Promise<string> {
  const signer = (c.signer ?? school).credential;
  const { assertion, issuer } = buildAssertion({
    issuer: IDP,
    audience: SP,
    recipient: ACS,
    inResponseTo: requestId,
    nameId: { value: 'oppilas-1', format: 'persistent' },
    authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    authnInstant: now,
    sessionIndex: newSamlId(),
    attributes: [{ name: 'urn:oid:2.5.4.42', values: ['Äliina'] }],
    now,
    ...c.assertion,
  });
  if (c.signAssertion ?? true) signEnveloped(assertion, signer, issuer);
  const carried = c.encrypt ? await encryptAssertion(assertion, encryption.certificatePem) : assertion;
  const responseIssuer = el(NS.saml, 'saml:Issuer', {}, [IDP]);
  const status = el(NS.samlp, 'samlp:Status', {}, [
    el(NS.samlp, 'samlp:StatusCode', { Value: STATUS.success }),
  ]);
  const response = el(
    NS.samlp,
    'samlp:Response',
    {
      Destination: ACS,
      ID: newSamlId(),
      InResponseTo: requestId,
      IssueInstant: samlInstant(now),
      Version: '2.0',
    },
    [responseIssuer, status, carried],
  );
  if (c.signResponse) signEnveloped(response, signer, responseIssuer);
  const xml = writeCanonical(response, { wire: true });
  return c.mutate ? c.mutate(xml) : xml;
}

function memoryReplay(): ReplayCache {
  const taken = new Set<string>();
  const claim = (namespace: string, key: string) => {
    const k = `${namespace} ${key}`;
    if (taken.has(k)) return false;
    taken.add(k);
    return true;
  };
  return {
    claim: async (namespace, key) => claim(namespace, key),
    claimAll: async (claims) => {
      const used = claims.map((c) => taken.has(`${c.namespace} ${c.key}`));
      if (used.some(Boolean)) return { claimed: false, used };
      for (const c of claims) claim(c.namespace, c.key);
      return { claimed: true, used };
    },
  };
}

function verifyInput(c: Case, xml: string, requestId: string, now: Date): VerifyResponseInput {
  return {
    samlResponse: Buffer.from(xml, 'utf8').toString('base64'),
    idp: {
      entityId: IDP,
      signingCertificatesPem: [school.certificatePem],
      signingKeys: [createPublicKey(school.certificatePem)],
      ssoRedirectUrl: 'https://idp.koulu.example/sso',
      ssoPostUrl: undefined,
      validUntil: undefined,
    },
    sp: { entityId: SP, acsUrls: [ACS] },
    requestId,
    requestIssuedAt: now,
    requestTtlMs: 15 * 60_000,
    policy: {
      requireSignedAssertion: c.policy?.requireSignedAssertion ?? true,
      requireSignedResponse: c.policy?.requireSignedResponse ?? false,
      wantEncryptedAssertions: c.encrypt === true,
    },
    decryptionKeyPem: encryption.privateKeyPem,
    decryptionKey: parsedKeys(encryption.privateKeyPem),
    now,
    skewSeconds: 60,
    replay: memoryReplay(),
  };
}

async function passiAccepts(c: Case, xml: string, requestId: string, now: Date): Promise<boolean> {
  try {
    await verifySamlResponse(verifyInput(c, xml, requestId, now));
    return true;
  } catch (e) {
    if (!isPassiError(e)) throw e;
    return false;
  }
}

/** node-saml as Passi configured it before it verified school responses itself. */
async function nodeSamlAccepts(c: Case, xml: string, requestId: string, now: Date): Promise<boolean> {
  const cache: CacheProvider = {
    saveAsync: async () => null,
    getAsync: async (key) => (key === requestId ? now.toISOString() : null),
    removeAsync: async () => null,
  };
  const requireSignedAssertion = c.policy?.requireSignedAssertion ?? true;
  const saml = new SAML({
    callbackUrl: ACS,
    issuer: SP,
    audience: SP,
    idpIssuer: IDP,
    idpCert: [school.certificatePem],
    wantAssertionsSigned: requireSignedAssertion || c.signResponse !== true,
    wantAuthnResponseSigned: c.policy?.requireSignedResponse === true || !requireSignedAssertion,
    validateInResponseTo: ValidateInResponseTo.always,
    cacheProvider: cache,
    acceptedClockSkewMs: 60_000,
    maxAssertionAgeMs: 10 * 60_000,
    decryptionPvk: encryption.privateKeyPem,
    identifierFormat: null,
  });
  try {
    const { profile } = await saml.validatePostResponseAsync({
      SAMLResponse: Buffer.from(xml, 'utf8').toString('base64'),
    });
    return profile !== null;
  } catch {
    return false;
  }
}

const replaceText = (from: string, to: string) => (xml: string) => xml.replace(from, to);

const CASES: Case[] = [
  { name: 'a signed assertion (Google Workspace shape)', accepted: true },
  { name: 'a signed assertion in a signed Response (ADFS shape)', signResponse: true, accepted: true },
  {
    name: 'an unsigned assertion in a signed Response, when the assertion’s own signature is not required',
    signAssertion: false,
    signResponse: true,
    policy: { requireSignedAssertion: false },
    accepted: true,
  },
  { name: 'an encrypted (AES-256-GCM) signed assertion', encrypt: true, accepted: true },
  {
    name: 'an attribute value changed after signing',
    mutate: replaceText('Äliina', 'Mallory'),
    accepted: false,
  },
  {
    name: 'the NameID changed after signing',
    mutate: replaceText('oppilas-1', 'opettaja-1'),
    accepted: false,
  },
  {
    name: 'a value changed inside a signed Response around an unsigned assertion',
    signAssertion: false,
    signResponse: true,
    policy: { requireSignedAssertion: false },
    mutate: replaceText('Äliina', 'Mallory'),
    accepted: false,
  },
  { name: 'signed by a key the metadata does not list', signer: stranger, accepted: false },
  { name: 'an unsigned assertion', signAssertion: false, accepted: false },
  {
    name: 'the signature removed (signature exclusion)',
    mutate: (xml) => xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''),
    accepted: false,
  },
  {
    name: 'a second, unsigned assertion before the signed one (signature wrapping)',
    mutate: (xml) => {
      const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? '';
      const evil = signed
        .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
        .replace(/ID="[^"]+"/, 'ID="_evil"')
        .replace('Äliina', 'Mallory');
      return xml.replace(signed, evil + signed);
    },
    accepted: false,
  },
  {
    name: 'an Audience other than Passi',
    assertion: { audience: 'https://other.example/sp' },
    accepted: false,
  },
  {
    name: 'an expired assertion',
    assertion: { now: new Date(Date.now() - 30 * 60_000), validitySeconds: 300 },
    accepted: false,
  },
  {
    name: 'a SHA-1 signature digest (DigestMethod rewritten)',
    mutate: replaceText('http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2000/09/xmldsig#sha1'),
    accepted: false,
  },
];

describe('school Response verification: Passi and node-saml reach the same verdict', () => {
  for (const c of CASES) {
    it(`${c.accepted ? 'accepts' : 'refuses'} ${c.name}`, async () => {
      const requestId = newSamlId();
      const now = new Date();
      const xml = await build(c, requestId, now);
      expect(await nodeSamlAccepts(c, xml, requestId, now)).toBe(c.accepted);
      expect(await passiAccepts(c, xml, requestId, now)).toBe(c.accepted);
    });
  }
});

/**
 * The single-use ids of an accepted answer are kept exactly as long as the same answer could otherwise be
 * accepted again, not longer: each one held costs memory (a node on the embedded store holds them in its
 * process, bounded) and a row. docs/integrations/saml.md "Replay protection".
 */
describe('how long the single-use ids of an accepted answer are kept', () => {
  const MINUTE = 60_000;
  async function claimsOf(
    assertion: Partial<AssertionInput>,
    at: { now: Date; requestIssuedAt?: Date },
  ): Promise<ReplayClaim[]> {
    const claims: ReplayClaim[] = [];
    const requestId = newSamlId();
    const xml = await build({ name: 'kept', accepted: true, assertion }, requestId, at.now);
    const recording: ReplayCache = {
      claim: async (namespace, key, expiresAt) => {
        claims.push({ namespace, key, expiresAt });
        return true;
      },
      claimAll: async (all) => {
        claims.push(...all);
        return { claimed: true, used: all.map(() => false) };
      },
    };
    await verifySamlResponse({
      ...verifyInput({ name: 'kept', accepted: true }, xml, requestId, at.now),
      requestIssuedAt: at.requestIssuedAt ?? at.now,
      replay: recording,
    });
    return claims;
  }
  const expiryOf = (claims: ReplayClaim[], namespace: string) =>
    claims.find((c) => c.namespace === namespace)?.expiresAt.getTime();

  it('an assertion valid for an hour is remembered until it is too old to accept: IssueInstant + maximum age + skew', async () => {
    const now = new Date();
    const claims = await claimsOf({ now, validitySeconds: 3600 }, { now });
    // Refused from then on as "too old" (maximum age 10 minutes, skew 60 s), whatever its NotOnOrAfter says.
    const issued = Math.floor(now.getTime() / 1000) * 1000;
    const expiry = expiryOf(claims, 'saml-sp-assertion') ?? 0;
    expect(expiry).toBeGreaterThan(issued + 11 * MINUTE);
    expect(expiry).toBeLessThanOrEqual(issued + 11 * MINUTE + 1000);
  });

  it('a short-lived assertion is remembered until its NotOnOrAfter + skew', async () => {
    const now = new Date();
    const claims = await claimsOf({ now, validitySeconds: 120 }, { now });
    const issued = Math.floor(now.getTime() / 1000) * 1000;
    expect(expiryOf(claims, 'saml-sp-assertion')).toBe(issued + 3 * MINUTE);
  });

  it('the request id is remembered until the request can no longer be answered: sent + the flow’s lifetime', async () => {
    const sent = new Date(Date.now() - 5 * MINUTE);
    const now = new Date();
    const claims = await claimsOf({ now }, { now, requestIssuedAt: sent });
    expect(expiryOf(claims, 'saml-sp-request')).toBe(sent.getTime() + 15 * MINUTE);
  });

  it('an answer to a request sent longer ago than the flow’s lifetime is refused', async () => {
    const now = new Date();
    await expect(
      claimsOf({ now }, { now, requestIssuedAt: new Date(now.getTime() - 16 * MINUTE) }),
    ).rejects.toMatchObject({ message: expect.stringContaining('the request has expired') });
  });
});
