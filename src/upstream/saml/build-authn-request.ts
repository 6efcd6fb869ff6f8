/**
 * The AuthnRequest Passi sends a school's IdP over HTTP-Redirect (SAML Core 2.0 §3.4.1; SAML Bindings 2.0
 * §3.4.4.1: DEFLATE, base64, `SAMLRequest`). The same element node-saml built for Passi before: Issuer,
 * Destination (required when signed, Bindings §3.4.5.2), the ACS with the HTTP-POST binding,
 * `NameIDPolicy AllowCreate="true"` without a Format, no RequestedAuthnContext (ADFS, Entra and Google
 * answer with their own), ForceAuthn when the service asked for it. Built as an element tree (xml-tree.ts)
 * and written by Passi's canonical writer; signed afterwards by sign-redirect-request.ts.
 */
import { deflateRawSync } from 'node:zlib';
import { BINDING, NS } from '../../protocols/saml/namespaces.ts';
import { newSamlId, samlInstant } from '../../protocols/saml/saml-ids.ts';
import { writeCanonical } from '../../protocols/saml/write-canonical-tree.ts';
import { el } from '../../protocols/saml/xml-tree.ts';

export interface AuthnRequestInput {
  /** The IdP's HTTP-Redirect SSO address from its metadata. */
  ssoRedirectUrl: string;
  spEntityId: string;
  acsUrl: string;
  forceAuthn: boolean;
  now: Date;
}

/** Returns the request's id and the unsigned redirect URL carrying it. */
export function buildAuthnRequest(input: AuthnRequestInput): { id: string; url: string } {
  const id = newSamlId();
  const request = el(
    NS.samlp,
    'samlp:AuthnRequest',
    {
      ID: id,
      Version: '2.0',
      IssueInstant: samlInstant(input.now),
      ProtocolBinding: BINDING.post,
      Destination: input.ssoRedirectUrl,
      ForceAuthn: input.forceAuthn ? 'true' : undefined,
      AssertionConsumerServiceURL: input.acsUrl,
    },
    [
      el(NS.saml, 'saml:Issuer', {}, [input.spEntityId]),
      el(NS.samlp, 'samlp:NameIDPolicy', { AllowCreate: 'true' }),
    ],
  );
  const url = new URL(input.ssoRedirectUrl);
  url.searchParams.set(
    'SAMLRequest',
    deflateRawSync(Buffer.from(writeCanonical(request), 'utf8')).toString('base64'),
  );
  return { id, url: url.toString() };
}
