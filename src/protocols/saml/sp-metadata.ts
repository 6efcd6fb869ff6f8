import { metadataElements } from './metadata-elements.ts';
import { BINDING, NS } from './namespaces.ts';
import { newSamlId, samlInstant } from './saml-ids.ts';
import { signEnveloped } from './sign-enveloped.ts';
import type { SigningCredential } from './signing-credential.ts';
import { writeCanonical } from './write-canonical-tree.ts';
import type { XmlElement } from './xml-tree.ts';

export interface SpMetadataInput {
  /** `<publicUrl>/sp`. */
  readonly entityId: string;
  readonly validUntil: Date;
  readonly signingCertificatesPem: readonly string[];
  readonly encryptionCertificatesPem: readonly string[];
  /** ACS locations in index order (the first is the default). */
  readonly assertionConsumerServices: readonly string[];
  readonly id?: string;
}

/** Content encryption Passi decrypts (GCM preferred; CBC only inside a signed Response: no padding oracle). */
const ENCRYPTION_METHODS = [
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
];

export function buildSpMetadata(input: SpMetadataInput, credential?: SigningCredential): string {
  const { md, keyDescriptor: descriptor } = metadataElements();
  const keyDescriptor = (use: 'signing' | 'encryption', pem: string) =>
    descriptor(use, pem, use === 'encryption' ? ENCRYPTION_METHODS : []);
  // Schema order (SAML Metadata 2.0 §2.4.1, §2.4.4): KeyDescriptor*, NameIDFormat*, AssertionConsumerService+.
  const children: XmlElement[] = [];
  for (const pem of input.signingCertificatesPem) children.push(keyDescriptor('signing', pem));
  for (const pem of input.encryptionCertificatesPem) children.push(keyDescriptor('encryption', pem));
  children.push(
    md('NameIDFormat', {}, ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent']),
    md('NameIDFormat', {}, ['urn:oasis:names:tc:SAML:2.0:nameid-format:transient']),
  );
  input.assertionConsumerServices.forEach((location, index) => {
    children.push(
      md('AssertionConsumerService', {
        Binding: BINDING.post,
        Location: location,
        index: String(index),
        isDefault: index === 0 ? 'true' : undefined,
      }),
    );
  });
  const sp = md(
    'SPSSODescriptor',
    { AuthnRequestsSigned: 'true', WantAssertionsSigned: 'true', protocolSupportEnumeration: NS.samlp },
    children,
  );
  const entity = md(
    'EntityDescriptor',
    { ID: input.id ?? newSamlId(), entityID: input.entityId, validUntil: samlInstant(input.validUntil) },
    [sp],
  );
  if (credential !== undefined) signEnveloped(entity, credential, null);
  return writeCanonical(entity, { wire: true });
}
