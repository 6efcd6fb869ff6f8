import { metadataElements } from './metadata-elements.ts';
import { BINDING, NAMEID_FORMAT, NS } from './namespaces.ts';
import { newSamlId, samlInstant } from './saml-ids.ts';
import { signEnveloped } from './sign-enveloped.ts';
import type { SigningCredential } from './signing-credential.ts';
import { writeCanonical } from './write-canonical-tree.ts';
import { el, type XmlElement } from './xml-tree.ts';

export interface IdpMetadataInput {
  /** `<publicUrl>/idp/shibboleth`. */
  readonly entityId: string;
  readonly validUntil: Date;
  /** Current and next signing certificates (rollover: publish the next before switching). */
  readonly signingCertificatesPem: readonly string[];
  readonly encryptionCertificatesPem?: readonly string[];
  /** `<publicUrl>/idp/profile/SAML2/Redirect/SSO`. */
  readonly ssoRedirectUrl: string;
  /** `<publicUrl>/idp/profile/SAML2/POST/SSO`. */
  readonly ssoPostUrl: string;
  readonly singleLogoutRedirectUrl?: string;
  readonly displayName: Readonly<Partial<Record<'fi' | 'sv' | 'en', string>>>;
  readonly logo?: { readonly url: string; readonly width: number; readonly height: number };
  /** EntityDescriptor ID (the signature's reference); generated when absent. */
  readonly id?: string;
}

/** Builds the metadata; signs it when `credential` is given (it should be, except in tests). */
export function buildIdpMetadata(input: IdpMetadataInput, credential?: SigningCredential): string {
  const { md, keyDescriptor } = metadataElements();
  const uiInfo: XmlElement[] = [];
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const name = input.displayName[lang];
    if (name !== undefined) uiInfo.push(el(NS.mdui, 'mdui:DisplayName', { 'xml:lang': lang }, [name]));
  }
  if (input.logo) {
    const { url, width, height } = input.logo;
    uiInfo.push(el(NS.mdui, 'mdui:Logo', { height: String(height), width: String(width) }, [url]));
  }
  // Schema order (SAML Metadata 2.0 §2.4.1–§2.4.3): Extensions, KeyDescriptor*, SingleLogoutService*,
  // NameIDFormat*, SingleSignOnService+.
  const children: XmlElement[] = [];
  if (uiInfo.length > 0) children.push(md('Extensions', {}, [el(NS.mdui, 'mdui:UIInfo', {}, uiInfo)]));
  for (const pem of input.signingCertificatesPem) children.push(keyDescriptor('signing', pem));
  for (const pem of input.encryptionCertificatesPem ?? []) children.push(keyDescriptor('encryption', pem));
  if (input.singleLogoutRedirectUrl !== undefined) {
    children.push(
      md('SingleLogoutService', { Binding: BINDING.redirect, Location: input.singleLogoutRedirectUrl }),
    );
  }
  children.push(
    md('NameIDFormat', {}, [NAMEID_FORMAT.transient]),
    md('NameIDFormat', {}, [NAMEID_FORMAT.persistent]),
  );
  children.push(
    md('SingleSignOnService', { Binding: BINDING.redirect, Location: input.ssoRedirectUrl }),
    md('SingleSignOnService', { Binding: BINDING.post, Location: input.ssoPostUrl }),
  );
  const idpsso = md('IDPSSODescriptor', { protocolSupportEnumeration: NS.samlp }, children);
  const entity = md(
    'EntityDescriptor',
    { ID: input.id ?? newSamlId(), entityID: input.entityId, validUntil: samlInstant(input.validUntil) },
    [idpsso],
  );
  // SAML Metadata 2.0 §2.3.2: ds:Signature is the first child of EntityDescriptor.
  if (credential !== undefined) signEnveloped(entity, credential, null);
  return writeCanonical(entity, { wire: true });
}
