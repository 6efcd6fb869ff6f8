/** An independent signer for test inputs: xml-crypto's generic SignedXml, configurable to build attacks. */
import { SignedXml } from 'xml-crypto';
import { ALG } from './namespaces.ts';
import { withStrongAlgorithms } from './xml-crypto-algorithms.ts';

export interface SignForTestOptions {
  readonly signatureAlgorithm?: string;
  readonly digestAlgorithm?: string;
  readonly c14n?: string;
  /** XPaths of the referenced elements; default the root. */
  readonly references?: readonly string[];
}

export function signForTest(
  xml: string,
  key: { privateKeyPem: string; certificatePem: string },
  o: SignForTestOptions = {},
): string {
  const sig = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: o.signatureAlgorithm ?? ALG.rsaSha256,
    canonicalizationAlgorithm: o.c14n ?? ALG.excC14n,
  });
  if (o.signatureAlgorithm?.includes('ecdsa')) {
    const strong = withStrongAlgorithms(new SignedXml());
    sig.SignatureAlgorithms = { ...sig.SignatureAlgorithms, ...strong.SignatureAlgorithms };
  }
  for (const xpath of o.references ?? ['/*']) {
    sig.addReference({
      xpath,
      transforms: [ALG.enveloped, ALG.excC14n],
      digestAlgorithm: o.digestAlgorithm ?? ALG.sha256,
    });
  }
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "/*/*[local-name()='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}
