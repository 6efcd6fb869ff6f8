/**
 * The AuthnRequest Passi sends a school's IdP over HTTP-Redirect (SAML Core 2.0 §3.4.1; SAML Bindings 2.0
 * §3.4.4.1: DEFLATE, base64, `SAMLRequest`). The same element node-saml built for Passi before: Issuer,
 * Destination (required when signed, Bindings §3.4.5.2), the ACS with the HTTP-POST binding,
 * `NameIDPolicy AllowCreate="true"` without a Format, no RequestedAuthnContext (ADFS, Entra and Google
 * answer with their own), ForceAuthn when the service asked for it. Built with DOM calls (xml-dom.ts) and
 * written by Passi's canonical serialiser; signed afterwards by sign-redirect-request.ts.
 */
import { deflateRawSync } from 'node:zlib';
import { canonicalize } from '../../protocols/saml/canonical-xml.ts';
import { BINDING, NS } from '../../protocols/saml/namespaces.ts';
import { newSamlId, samlInstant } from '../../protocols/saml/saml-ids.ts';
import { el, newDocument } from '../../protocols/saml/xml-dom.ts';

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
  const doc = newDocument();
  const id = newSamlId();
  const request = el(
    doc,
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
      el(doc, NS.saml, 'saml:Issuer', {}, [input.spEntityId]),
      el(doc, NS.samlp, 'samlp:NameIDPolicy', { AllowCreate: 'true' }),
    ],
  );
  const url = new URL(input.ssoRedirectUrl);
  url.searchParams.set(
    'SAMLRequest',
    deflateRawSync(Buffer.from(canonicalize(request), 'utf8')).toString('base64'),
  );
  return { id, url: url.toString() };
}
