/**
 * Per-assertion cost of Passi's build + sign (direct canonical form) against one raw RSA-2048 signature
 * and against xml-crypto's generic SignedXml signing of the same assertion (docs/performance.md).
 * Run: node bin/run-ts.js bench/saml-sign.bench.ts [iterations]
 */
import { sign } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { buildAssertion } from '../src/protocols/saml/build-assertion.ts';
import { buildResponseSync, type ResponseInput } from '../src/protocols/saml/build-response.ts';
import { generateKeyAndCertificate } from '../src/protocols/saml/keys.ts';
import { ALG } from '../src/protocols/saml/namespaces.ts';
import { loadSigningCredential } from '../src/protocols/saml/signing-credential.ts';
import { writeCanonical } from '../src/protocols/saml/write-canonical-tree.ts';

const iterations = Number(process.argv[2] ?? 2000);
const key = generateKeyAndCertificate({ type: 'rsa-2048', commonName: 'bench' });
const credential = loadSigningCredential(key.privateKeyPem, key.certificatePem);
const now = new Date();
const input: ResponseInput = {
  issuer: 'https://passi.example/idp/shibboleth',
  audience: 'https://sp.example/shibboleth',
  recipient: 'https://sp.example/acs',
  destination: 'https://sp.example/acs',
  inResponseTo: '_0123456789abcdef0123456789abcdef',
  nameId: { value: 'AAdzZWNyZXQxYWJjZGVmZ2hpamtsbW5vcA', format: 'transient' },
  authnContextClassRef: 'urn:mpass.id:authnsource:test-directory',
  authnInstant: now,
  sessionIndex: '_sess0123456789',
  now,
  // A realistic MPASSid release: ~12 attributes (docs/data-model.md).
  attributes: [
    ['urn:mpass.id:uid', 'mpassUsername', ['MPASSOID.ea5bc0cb3de9ba1c2d95ea1b']],
    ['urn:oid:2.5.4.42', 'givenName', ['Essi']],
    ['urn:oid:2.5.4.4', 'sn', ['Esimerkki']],
    ['urn:mpass.id:role', 'mpassRole', ['1.2.246.562.10.12345678901;00001;2;Oppilas;7A']],
    ['urn:mpass.id:schoolCode', 'mpassSchoolCode', ['00001']],
    ['urn:mpass.id:schoolInfo', 'mpassSchoolInfo', ['00001;Esimerkin koulu']],
    [
      'urn:mpass.id:educationProviderInfo',
      'mpassEducationProviderInfo',
      ['1.2.246.562.10.494695390410;Esimerkki'],
    ],
    ['urn:mpass.id:learningMaterialsCharge', 'mpassLearningMaterialsCharge', ['0;00001']],
    ['urn:mpass.id:legacyId', 'mpassLegacyID', ['12345']],
    ['urn:oid:1.3.6.1.4.1.16161.1.1.27', 'learnerId', ['1.2.246.562.24.10000000008']],
    ['urn:mpass.id:classLevel', 'mpassClass', ['7']],
    ['urn:mpass.id:municipalityCode', 'mpassMunicipalityCode', ['091']],
  ].map(([name, friendlyName, values]) => ({
    name: String(name),
    friendlyName: String(friendlyName),
    values: [values].flat().map(String),
  })),
};

function measure(label: string, fn: () => unknown): number {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6 / iterations;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / iterations;
  console.log(
    `${label.padEnd(58)} ${wallMs.toFixed(3).padStart(8)} ms wall  ${cpuMs.toFixed(3).padStart(8)} ms CPU`,
  );
  return cpuMs;
}

const tbs = Buffer.from(writeCanonical(buildAssertion(input).assertion)).subarray(0, 600);
console.log(
  `node ${process.version}, ${iterations} iterations, RSA-2048, ${input.attributes.length} attributes\n`,
);
const raw = measure('raw RSA-2048 SHA-256 signature (node:crypto)', () =>
  sign('sha256', tbs, credential.privateKey),
);
const passi = measure('Passi: build Response + sign Assertion (direct c14n)', () =>
  buildResponseSync(input, credential),
);
const both = measure('Passi: build + sign Assertion and Response', () =>
  buildResponseSync({ ...input, signResponse: true }, credential),
);
const generic = measure('xml-crypto SignedXml: sign the same Assertion', () => {
  const xml = writeCanonical(buildAssertion(input).assertion);
  const sig = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: ALG.rsaSha256,
    canonicalizationAlgorithm: ALG.excC14n,
  });
  sig.addReference({ xpath: '/*', transforms: [ALG.enveloped, ALG.excC14n], digestAlgorithm: ALG.sha256 });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "/*/*[local-name()='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
});
console.log('');
console.log(
  `Passi assertion / raw signature:          ${(passi / raw).toFixed(2)}×  (overhead ${(passi - raw).toFixed(3)} ms)`,
);
console.log(`Passi assertion+response / raw signature: ${(both / raw).toFixed(2)}×`);
console.log(`xml-crypto generic / Passi:               ${(generic / passi).toFixed(2)}×`);
