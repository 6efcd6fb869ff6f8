import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { decrypt, type EncryptOptions, encrypt } from 'xml-encryption';
import { PassiError } from '../../core/errors.ts';
import { NS } from '../../protocols/saml/namespaces.ts';
import { parseXml } from '../../protocols/saml/parse-xml.ts';
import { testKey, xmlsecAvailable, xmlsecEncrypt } from '../../protocols/saml/test-kit.ts';
import { worthThePoolHandoff } from '../../protocols/signing/pool-handoff.ts';
import { decryptAssertion } from './decrypt-assertion.ts';
import { decryptOffThread, offThreadPlan } from './decrypt-off-thread.ts';

// RSA-3072, production's default: smaller keys are decrypted on the loop (worthThePoolHandoff).
const passi = testKey('decrypt-off-thread-passi', 'rsa-3072');
const other = testKey('decrypt-off-thread-other', 'rsa-3072');
const passiKey = { key: createPrivateKey(passi.privateKeyPem), pem: passi.privateKeyPem };

const ASSERTION = `<saml:Assertion xmlns:saml="${NS.saml}" ID="_a1" Version="2.0" IssueInstant="2026-12-04T10:00:00Z"><saml:Issuer>https://idp.koulu.example</saml:Issuer><saml:AttributeStatement><saml:Attribute Name="sn"><saml:AttributeValue>Äyräpää 𝔘 &amp; &lt;x&gt;</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>`;

const ENC = 'http://www.w3.org/2001/04/xmlenc#';
const ENC11 = 'http://www.w3.org/2009/xmlenc11#';

/** xml-encryption 6's options, some of which its published types do not list yet. */
type Options = Omit<Partial<EncryptOptions>, 'keyEncryptionAlgorithm'> & {
  keyEncryptionAlgorithm?: string;
  keyEncryptionDigest?: 'sha1' | 'sha256' | 'sha512';
  keyEncryptionMgf?: 'sha1' | 'sha256' | 'sha512';
  keyEncryptionOaepParams?: string;
};

/** xml-encryption's EncryptedData for Passi's certificate, as an encrypting school sends it. */
function libraryEncrypted(options: Options): Promise<string> {
  const cert = new X509Certificate(passi.certificatePem);
  return new Promise((resolve, reject) =>
    encrypt(
      ASSERTION,
      {
        rsa_pub: cert.publicKey.export({ type: 'spki', format: 'pem' }),
        pem: passi.certificatePem,
        encryptionAlgorithm: `${ENC11}aes256-gcm`,
        keyEncryptionAlgorithm: `${ENC}rsa-oaep-mgf1p`,
        disallowEncryptionWithInsecureAlgorithm: false,
        warnInsecureAlgorithm: false,
        ...options,
      } as unknown as EncryptOptions,
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
}

/** The EncryptedAssertion of a parsed Response holding `inner` (EncryptedData, maybe a peer EncryptedKey). */
function received(inner: string): Element {
  const doc = parseXml(
    `<samlp:Response xmlns:samlp="${NS.samlp}" ID="_r1"><saml:EncryptedAssertion xmlns:saml="${NS.saml}">${inner}</saml:EncryptedAssertion></samlp:Response>`,
  );
  const element = doc.getElementsByTagNameNS(NS.saml, 'EncryptedAssertion').item(0);
  if (element === null) throw new Error('no EncryptedAssertion');
  return element;
}

/** xml-encryption's own reading of the same element: the judge the off-thread path must agree with. */
function libraryDecrypts(element: Element): Promise<string> {
  return new Promise((resolve, reject) =>
    decrypt(
      element as unknown as string,
      { key: passi.privateKeyPem, disallowDecryptionWithInsecureAlgorithm: false },
      (err, result) => (err || result === undefined ? reject(err) : resolve(result)),
    ),
  );
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'accepted',
    (e: unknown) => e,
  );
}

describe('the off-thread decryption of the common shape', () => {
  const taken: [string, Options, string][] = [
    ['AES-256-GCM, rsa-oaep-mgf1p with SHA-1 (ADFS)', {}, 'SHA-1'],
    ['AES-128-GCM', { encryptionAlgorithm: `${ENC11}aes128-gcm` }, 'SHA-1'],
    ['AES-256-CBC', { encryptionAlgorithm: `${ENC}aes256-cbc` }, 'SHA-1'],
    ['AES-128-CBC', { encryptionAlgorithm: `${ENC}aes128-cbc` }, 'SHA-1'],
    ['xmlenc11 rsa-oaep, MGF1 default', { keyEncryptionAlgorithm: `${ENC11}rsa-oaep` }, 'SHA-1'],
    [
      'xmlenc11 rsa-oaep, SHA-256 and MGF1-SHA-256',
      {
        keyEncryptionAlgorithm: `${ENC11}rsa-oaep`,
        keyEncryptionDigest: 'sha256',
        keyEncryptionMgf: 'sha256',
      },
      'SHA-256',
    ],
    [
      'xmlenc11 rsa-oaep, SHA-512 and MGF1-SHA-512',
      {
        keyEncryptionAlgorithm: `${ENC11}rsa-oaep`,
        keyEncryptionDigest: 'sha512',
        keyEncryptionMgf: 'sha512',
      },
      'SHA-512',
    ],
    [
      'an OAEP label (OAEPparams)',
      { keyEncryptionOaepParams: Buffer.from('passi-label').toString('base64') },
      'SHA-1',
    ],
  ];

  for (const [name, options, hash] of taken) {
    it(`decrypts ${name} as xml-encryption does`, async () => {
      const element = received(await libraryEncrypted(options));
      const plan = offThreadPlan(element);
      expect(plan?.hash).toBe(hash);
      const plain = await decryptAssertion(element, passiKey, true);
      expect(plain).toBe(ASSERTION);
      expect(plain).toBe(await libraryDecrypts(element));
    });
  }

  it('decrypts what xmlsec1 encrypts (an independent producer), GCM and CBC', async (ctx) => {
    if (!xmlsecAvailable) ctx.skip();
    for (const content of ['aes256-gcm', 'aes128-gcm', 'aes256-cbc', 'aes128-cbc'] as const) {
      const element = received(xmlsecEncrypt(ASSERTION, passi.certificatePem, content));
      expect(offThreadPlan(element)?.hash).toBe('SHA-1');
      expect(await decryptAssertion(element, passiKey, true)).toBe(ASSERTION);
    }
  });

  it('finds a peer EncryptedKey that the data names by a RetrievalMethod', async () => {
    const inline = await libraryEncrypted({});
    const key = /<e:EncryptedKey[\s\S]*<\/e:EncryptedKey>/.exec(inline)?.[0] ?? '';
    // Moved out of the ds:KeyInfo, its ds elements (DigestMethod, KeyInfo) need their default namespace.
    const peer = key.replace('<e:EncryptedKey', `<e:EncryptedKey xmlns="${NS.ds}" Id="_k1"`);
    const data = inline.replace(
      /<KeyInfo xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">[\s\S]*<\/e:EncryptedKey>\s*<\/KeyInfo>/,
      `<KeyInfo xmlns="${NS.ds}"><RetrievalMethod URI="#_k1" Type="${ENC}EncryptedKey"/></KeyInfo>`,
    );
    expect(data).not.toContain('<e:EncryptedKey');
    const element = received(data + peer);
    expect(offThreadPlan(element)).toBeDefined();
    expect(await decryptAssertion(element, passiKey, false)).toBe(await libraryDecrypts(element));

    const misnamed = received(data + peer.replace('Id="_k1"', 'Id="_k2"'));
    expect(offThreadPlan(misnamed)).toBeUndefined();
    expect(await refusal(decryptAssertion(misnamed, passiKey, false))).toBeInstanceOf(PassiError);
  });
});

describe('shapes left to xml-encryption', () => {
  it('any shape, with a key smaller than 3072 bits', async () => {
    const small = testKey('decrypt-off-thread-small');
    const key = { key: createPrivateKey(small.privateKeyPem), pem: small.privateKeyPem };
    expect(worthThePoolHandoff(key.key)).toBe(false);
    expect(worthThePoolHandoff(passiKey.key)).toBe(true);
    const cert = new X509Certificate(small.certificatePem);
    const element = received(
      await libraryEncrypted({
        rsa_pub: cert.publicKey.export({ type: 'spki', format: 'pem' }),
        pem: small.certificatePem,
      }),
    );
    expect(await decryptAssertion(element, key, false)).toBe(ASSERTION);
  });

  it('an OAEP digest that differs from MGF1 (WebCrypto takes one hash): xml-encryption decrypts it', async () => {
    for (const options of [
      { keyEncryptionDigest: 'sha256' },
      { keyEncryptionAlgorithm: `${ENC11}rsa-oaep`, keyEncryptionDigest: 'sha1', keyEncryptionMgf: 'sha256' },
    ] as Options[]) {
      const element = received(await libraryEncrypted(options));
      expect(offThreadPlan(element)).toBeUndefined();
      expect(await decryptAssertion(element, passiKey, false)).toBe(ASSERTION);
    }
  });

  it('a DigestMethod xml-encryption would read as SHA-1 without knowing it', async () => {
    const data = (await libraryEncrypted({})).replace(
      'http://www.w3.org/2000/09/xmldsig#sha1',
      'http://www.w3.org/2001/04/xmldsig-more#sha384',
    );
    expect(offThreadPlan(received(data))).toBeUndefined();
  });

  it('two EncryptedKeys, or an element of a needed name in another namespace', async () => {
    const inline = await libraryEncrypted({});
    const key = /<e:EncryptedKey[\s\S]*<\/e:EncryptedKey>/.exec(inline)?.[0] ?? '';
    expect(offThreadPlan(received(inline + key))).toBeUndefined();
    const foreignMethod = inline.replace(
      /(<xenc:EncryptedData[^>]*>|<EncryptedData[^>]*>)/,
      `$1<x:EncryptionMethod xmlns:x="urn:example" Algorithm="${ENC}aes128-cbc"/>`,
    );
    expect(foreignMethod).toContain('urn:example');
    expect(offThreadPlan(received(foreignMethod))).toBeUndefined();
  });
});

describe('refusals on the off-thread path', () => {
  it('an assertion encrypted for another key', async () => {
    const cert = new X509Certificate(other.certificatePem);
    const element = received(
      await libraryEncrypted({
        rsa_pub: cert.publicKey.export({ type: 'spki', format: 'pem' }),
        pem: other.certificatePem,
      }),
    );
    expect(offThreadPlan(element)).toBeDefined();
    expect(await refusal(decryptAssertion(element, passiKey, false))).toBeInstanceOf(PassiError);
  });

  it('GCM ciphertext changed by one bit', async () => {
    const element = received(await libraryEncrypted({}));
    const plan = offThreadPlan(element);
    if (plan === undefined) throw new Error('not the common shape');
    for (const at of [20, plan.content.length - 1]) {
      const content = Buffer.from(plan.content);
      content[at] = (content[at] ?? 0) ^ 1;
      expect(await refusal(decryptOffThread({ ...plan, content }, passiKey.key, false))).toBeInstanceOf(
        PassiError,
      );
    }
    const short = { ...plan, content: plan.content.subarray(0, 27) };
    expect(await refusal(decryptOffThread(short, passiKey.key, false))).toBeInstanceOf(PassiError);
  });

  it('CBC where the Response is not signed, and a CBC padding length out of range', async () => {
    const element = received(await libraryEncrypted({ encryptionAlgorithm: `${ENC}aes128-cbc` }));
    const plan = offThreadPlan(element);
    if (plan === undefined) throw new Error('not the common shape');
    const notAllowed = await refusal(decryptOffThread(plan, passiKey.key, false));
    expect(notAllowed).toBeInstanceOf(PassiError);
    expect(String(notAllowed)).toContain('not allowed');
    expect(await decryptOffThread(plan, passiKey.key, true)).toBe(ASSERTION);
    // Flipping the previous block's last byte changes the padding byte to 0 or > 16 for most values.
    const content = Buffer.from(plan.content);
    const at = content.length - 17;
    let refused = 0;
    for (const flip of [0x20, 0x40, 0x80]) {
      content[at] = (plan.content[at] ?? 0) ^ flip;
      const outcome = await refusal(decryptOffThread({ ...plan, content }, passiKey.key, true));
      if (outcome instanceof PassiError) refused++;
    }
    expect(refused).toBe(3);
  });
});
