/**
 * The SAML Assertion Passi issues to a service (SAML Core 2.0 §2.3.3, Profiles §4.1.4.2 Web Browser SSO),
 * built as an element tree (xml-tree.ts) in schema order. The shape follows MPASSid's observed responses
 * (github.com/mainio/omniauth-mpassid): NameID with NameQualifier = IdP, SPNameQualifier = SP, AuthnContextClassRef
 * `urn:mpass.id:authnsource:<flowName>`, URI-named attributes with FriendlyNames.
 */
import { ATTRNAME_FORMAT_URI, BEARER, NAMEID_FORMAT, NS } from './namespaces.ts';
import { newSamlId, samlInstant } from './saml-ids.ts';
import { el, type XmlChild, type XmlElement } from './xml-tree.ts';

export interface SamlAttribute {
  /** URI name, e.g. `urn:mpass.id:uid`. */
  readonly name: string;
  readonly friendlyName?: string;
  /** Defaults to the URI attribute name format (SAML Core 2.0 §8.2.2). */
  readonly nameFormat?: string;
  readonly values: readonly string[];
}

export interface AssertionInput {
  /** IdP entity id (`<publicUrl>/idp/shibboleth`): Issuer and NameQualifier. */
  readonly issuer: string;
  /** Service entity id: Audience and SPNameQualifier. */
  readonly audience: string;
  /** The ACS URL chosen from the registry: SubjectConfirmationData@Recipient. */
  readonly recipient: string;
  /** ID of the AuthnRequest; absent only for IdP-initiated responses. */
  readonly inResponseTo?: string;
  readonly nameId: { readonly value: string; readonly format: 'transient' | 'persistent' };
  /** e.g. `urn:mpass.id:authnsource:<flowName>`. */
  readonly authnContextClassRef: string;
  readonly authnInstant: Date;
  readonly sessionIndex: string;
  readonly sessionNotOnOrAfter?: Date;
  readonly attributes: readonly SamlAttribute[];
  /** Issue time (from the injected clock). */
  readonly now: Date;
  /** Validity of Conditions and SubjectConfirmationData; short by policy (≤ 5 min). Default 300. */
  readonly validitySeconds?: number;
  /** Assertion ID; generated when absent (tests pass a fixed one). */
  readonly id?: string;
}

/**
 * XML 1.0 §2.2: characters outside `Char` cannot be carried at all. Attribute values come from upstream
 * directories, so they are stripped here rather than failing the login.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(value: string): string {
  return value.replace(NOT_XML_CHAR, '');
}

/** Builds an unsigned Assertion; returns it with its Issuer (the signature goes after it). */
export function buildAssertion(input: AssertionInput): { assertion: XmlElement; issuer: XmlElement } {
  const s = (name: string, attrs: Record<string, string | undefined> = {}, children: XmlChild[] = []) =>
    el(NS.saml, `saml:${name}`, attrs, children);
  const now = samlInstant(input.now);
  const notOnOrAfter = samlInstant(new Date(input.now.getTime() + (input.validitySeconds ?? 300) * 1000));
  const issuer = s('Issuer', {}, [input.issuer]);
  const assertion = s('Assertion', { ID: input.id ?? newSamlId(), IssueInstant: now, Version: '2.0' }, [
    issuer,
    s('Subject', {}, [
      s(
        'NameID',
        {
          Format: NAMEID_FORMAT[input.nameId.format],
          NameQualifier: input.issuer,
          SPNameQualifier: input.audience,
        },
        [xmlSafe(input.nameId.value)],
      ),
      s('SubjectConfirmation', { Method: BEARER }, [
        // SAML Profiles 2.0 §4.1.4.2: bearer confirmation carries Recipient, NotOnOrAfter, InResponseTo; no NotBefore.
        s('SubjectConfirmationData', {
          InResponseTo: input.inResponseTo,
          NotOnOrAfter: notOnOrAfter,
          Recipient: input.recipient,
        }),
      ]),
    ]),
    s('Conditions', { NotBefore: now, NotOnOrAfter: notOnOrAfter }, [
      s('AudienceRestriction', {}, [s('Audience', {}, [input.audience])]),
    ]),
    s(
      'AuthnStatement',
      {
        AuthnInstant: samlInstant(input.authnInstant),
        SessionIndex: input.sessionIndex,
        SessionNotOnOrAfter: input.sessionNotOnOrAfter ? samlInstant(input.sessionNotOnOrAfter) : undefined,
      },
      [s('AuthnContext', {}, [s('AuthnContextClassRef', {}, [input.authnContextClassRef])])],
    ),
  ]);
  if (input.attributes.length > 0) {
    // SAML Core 2.0 §2.7.3: values without xsi:type (anyType); a QName in content would need the
    // xs prefix carried through exc-c14n's InclusiveNamespaces, which some verifiers mishandle.
    const attributes = input.attributes.map((a) =>
      s(
        'Attribute',
        { FriendlyName: a.friendlyName, Name: a.name, NameFormat: a.nameFormat ?? ATTRNAME_FORMAT_URI },
        a.values.map((v) => s('AttributeValue', {}, [xmlSafe(v)])),
      ),
    );
    assertion.children.push(s('AttributeStatement', {}, attributes));
  }
  return { assertion, issuer };
}
