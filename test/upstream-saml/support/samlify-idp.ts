/**
 * A school's SAML IdP built with samlify (an implementation independent of Passi's own SAML code): it
 * imports Passi's SP metadata, parses (and, when Passi signs it, verifies) the HTTP-Redirect AuthnRequest
 * with `parseLoginRequest`, and answers with `createLoginResponse` over HTTP-POST: a Response whose
 * Assertion carries the MPASSid ADFS-style claim names and is signed with RSA-SHA256.
 * The IdP is not an HTTP server: the test's browser stops at the SSO URL and hands the query here.
 */
import * as samlify from 'samlify';
import { ALG, NAMEID_FORMAT } from '../../../src/protocols/saml/namespaces.ts';
import { testKey, xsdValidate } from '../../../src/protocols/saml/test-kit.ts';

const UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified';

/** The attributes this IdP releases, one value each (samlify's attribute template has one value). */
export const SAMLIFY_ATTRIBUTES = [
  'mpassUserIdentity',
  'firstName',
  'surname',
  'nickName',
  'learnerId',
  'schoolCode',
  'userRole',
  'class',
  'classLevel',
  'learningMaterialsCharge',
] as const;
export type SamlifyAttribute = (typeof SAMLIFY_ATTRIBUTES)[number];

export interface SamlifyUser {
  nameId: string;
  attributes: Record<SamlifyAttribute, string>;
}

/** The Response template: samlify's default plus an AuthnStatement and the attribute statement. */
const RESPONSE_TEMPLATE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}">' +
  '<saml:Issuer>{Issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="{StatusCode}"/></samlp:Status>' +
  '<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}">' +
  '<saml:Issuer>{Issuer}</saml:Issuer>' +
  '<saml:Subject><saml:NameID Format="{NameIDFormat}">{NameID}</saml:NameID>' +
  '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{SubjectConfirmationDataNotOnOrAfter}" Recipient="{SubjectRecipient}" InResponseTo="{InResponseTo}"/></saml:SubjectConfirmation></saml:Subject>' +
  '<saml:Conditions NotBefore="{ConditionsNotBefore}" NotOnOrAfter="{ConditionsNotOnOrAfter}"><saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>' +
  '<saml:AuthnStatement AuthnInstant="{AuthnInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>' +
  '{AttributeStatement}</saml:Assertion></samlp:Response>';

export interface SamlifyLoginResponse {
  /** base64 Response for the auto-POST form. */
  samlResponse: string;
  /** The decoded XML. */
  xml: string;
  /** The AuthnRequest as samlify read it. */
  request: { id: string; acs: string; issuer: string; signed: boolean };
}

export interface SamlifySchoolIdp {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly metadataXml: string;
  /** Answers an AuthnRequest received at the SSO URL (the full redirect URL, as the browser has it). */
  answer(redirectUrl: string, spMetadataXml: string, user: SamlifyUser): Promise<SamlifyLoginResponse>;
}

let schemaValidatorSet = false;

export function samlifySchoolIdp(options: {
  entityId: string;
  ssoUrl: string;
  wantAuthnRequestsSigned: boolean;
}): SamlifySchoolIdp {
  if (!schemaValidatorSet) {
    // samlify checks every message against the SAML schema; this repository's XSD check does it locally.
    samlify.setSchemaValidator({
      validate: async (xml: string) => {
        const r = await xsdValidate(xml, 'protocol');
        if (!r.valid) throw new Error(r.errors.join('\n'));
        return 'valid';
      },
    });
    schemaValidatorSet = true;
  }
  const key = testKey('samlify-school-idp');
  const idp = samlify.IdentityProvider({
    entityID: options.entityId,
    privateKey: key.privateKeyPem,
    signingCert: key.certificatePem,
    requestSignatureAlgorithm: ALG.rsaSha256,
    wantAuthnRequestsSigned: options.wantAuthnRequestsSigned,
    nameIDFormat: [NAMEID_FORMAT.persistent],
    singleSignOnService: [
      { Binding: samlify.Constants.namespace.binding.redirect, Location: options.ssoUrl },
    ],
    loginResponseTemplate: {
      context: RESPONSE_TEMPLATE,
      attributes: SAMLIFY_ATTRIBUTES.map((name) => ({
        name,
        nameFormat: UNSPECIFIED,
        valueTag: name,
        valueXsiType: 'xs:string',
      })),
    },
  });
  const metadataXml = idp.getMetadata();

  return {
    entityId: options.entityId,
    ssoUrl: options.ssoUrl,
    metadataXml,
    async answer(redirectUrl, spMetadataXml, user) {
      const sp = samlify.ServiceProvider({ metadata: spMetadataXml });
      const u = new URL(redirectUrl);
      const rawQuery = u.search.slice(1);
      const raw: Record<string, string> = {};
      for (const part of rawQuery.split('&')) {
        const i = part.indexOf('=');
        if (i > 0) raw[part.slice(0, i)] = part.slice(i + 1);
      }
      // samlify takes the query decoded (as a web framework hands it over) …
      const query = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeURIComponent(v)]));
      // … and, SAML Bindings §3.4.4.1, the signed octets: the parameters as received, in this order.
      const octetString = ['SAMLRequest', 'RelayState', 'SigAlg']
        .filter((k) => raw[k] !== undefined)
        .map((k) => `${k}=${raw[k]}`)
        .join('&');
      const parsed = await idp.parseLoginRequest(sp, 'redirect', { query, octetString });
      const extract: unknown = parsed.extract;
      const requestEl: unknown = Reflect.get(Object(extract), 'request');
      const request = {
        id: String(Reflect.get(Object(requestEl), 'id') ?? ''),
        acs: String(Reflect.get(Object(requestEl), 'assertionConsumerServiceUrl') ?? ''),
        issuer: String(Reflect.get(Object(extract), 'issuer') ?? ''),
        signed: parsed.sigAlg === ALG.rsaSha256,
      };
      if (request.id === '' || request.acs === '')
        throw new Error(`samlify read no request: ${parsed.samlContent}`);
      const now = new Date();
      const later = new Date(now.getTime() + 5 * 60_000).toISOString();
      const result = await idp.createLoginResponse(
        sp,
        { extract: parsed.extract },
        'post',
        {},
        {
          customTagReplacement: (template: string) => {
            const id = `_${crypto.randomUUID()}`;
            const values: Record<string, string> = {
              ID: id,
              AssertionID: `_${crypto.randomUUID()}`,
              Destination: request.acs,
              Audience: sp.entityMeta.getEntityID(),
              SubjectRecipient: request.acs,
              Issuer: options.entityId,
              IssueInstant: now.toISOString(),
              StatusCode: samlify.Constants.StatusCode.Success,
              ConditionsNotBefore: now.toISOString(),
              ConditionsNotOnOrAfter: later,
              SubjectConfirmationDataNotOnOrAfter: later,
              NameIDFormat: NAMEID_FORMAT.persistent,
              NameID: user.nameId,
              InResponseTo: request.id,
              AuthnInstant: now.toISOString(),
              SessionIndex: `_${crypto.randomUUID()}`,
            };
            for (const name of SAMLIFY_ATTRIBUTES) {
              values[`attr${name.charAt(0).toUpperCase()}${name.slice(1)}`] = user.attributes[name];
            }
            // replaceTagsByValue XML-escapes every value (attribute and text positions).
            return { id, context: samlify.SamlLib.replaceTagsByValue(template, values) };
          },
        },
      );
      const xml = Buffer.from(result.context, 'base64').toString('utf8');
      return { samlResponse: result.context, xml, request };
    },
  };
}
