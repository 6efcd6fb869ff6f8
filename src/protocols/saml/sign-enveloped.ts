/**
 * Enveloped XML signature over an element Passi built itself (XML-DSig §6.6.4, exc-c14n, SHA-256).
 *
 * The canonical form comes from `writeCanonical` (one pass over the element tree), the digest and
 * SignedInfo are computed directly, and only the raw signature uses node:crypto. The Signature element is inserted as
 * the schema requires (SAML Core 2.0 §2.3.3, §3.2.1: right after Issuer; metadata §2.3.2: first child).
 */
import { createHash, sign } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { signForLogin } from '../signing/sign-for-login.ts';
import { ALG, NS } from './namespaces.ts';
import type { SigningCredential } from './signing-credential.ts';
import { writeCanonical } from './write-canonical-tree.ts';
import { el, idOf, type XmlChild, type XmlElement } from './xml-tree.ts';

/**
 * Signs `target` (which must carry an `ID`), placing the Signature after `after` (or as the first child
 * when `after` is null). Returns the inserted ds:Signature.
 */
export function signEnveloped(
  target: XmlElement,
  credential: SigningCredential,
  after: XmlElement | null,
): XmlElement {
  const prepared = prepareSignature(target, credential, after);
  return prepared.finish(sign('sha256', prepared.data, prepared.key));
}

/** The same for the login path: a large key's private-key operation runs on libuv's thread pool (sign-for-login.ts). */
export async function signEnvelopedForLogin(
  target: XmlElement,
  credential: SigningCredential,
  after: XmlElement | null,
): Promise<XmlElement> {
  const prepared = prepareSignature(target, credential, after);
  return prepared.finish(await signForLogin(prepared.data, prepared.key));
}

function prepareSignature(target: XmlElement, credential: SigningCredential, after: XmlElement | null) {
  const id = idOf(target);
  if (!id) fail(ErrorCodes.INTERNAL, 'signEnveloped: element has no ID');
  if (after !== null && !target.children.includes(after)) {
    fail(ErrorCodes.INTERNAL, 'signEnveloped: `after` is not a child of the signed element');
  }
  // The enveloped-signature transform removes the Signature, so the digest is over the element as it
  // is before the Signature is inserted (XML-DSig §6.6.4).
  const digest = createHash('sha256').update(writeCanonical(target), 'utf8').digest('base64');
  const ds = (name: string, attrs: Record<string, string> = {}, children: XmlChild[] = []) =>
    el(NS.ds, `ds:${name}`, attrs, children);
  const signedInfo = ds('SignedInfo', {}, [
    ds('CanonicalizationMethod', { Algorithm: ALG.excC14n }),
    ds('SignatureMethod', { Algorithm: credential.signatureAlgorithm }),
    ds('Reference', { URI: `#${id}` }, [
      ds('Transforms', {}, [
        ds('Transform', { Algorithm: ALG.enveloped }),
        ds('Transform', { Algorithm: ALG.excC14n }),
      ]),
      ds('DigestMethod', { Algorithm: ALG.sha256 }),
      ds('DigestValue', {}, [digest]),
    ]),
  ]);
  return {
    data: Buffer.from(writeCanonical(signedInfo), 'utf8'),
    // XML-DSig 1.1 §6.4.3: ECDSA signature values are r || s, not DER.
    key: { key: credential.privateKey, dsaEncoding: 'ieee-p1363' as const },
    finish(value: Buffer): XmlElement {
      const signature = ds('Signature', {}, [
        signedInfo,
        ds('SignatureValue', {}, [value.toString('base64')]),
        ds('KeyInfo', {}, [ds('X509Data', {}, [ds('X509Certificate', {}, [credential.certificateBase64])])]),
      ]);
      target.children.splice(after === null ? 0 : target.children.indexOf(after) + 1, 0, signature);
      return signature;
    },
  };
}
