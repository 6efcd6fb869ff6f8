/**
 * Reads the verified Assertion — the element whose canonical form a verified signature covers
 * (verify-school-signature.ts), never a sibling or an element found by ID ("verify, then read only the
 * verified bytes") — and applies the protocol checks with Passi's clock (SAML Profiles 2.0 §4.1.4.3,
 * docs/integrations/saml.md "What Passi requires of a response (security)"): Issuer pinned, bearer SubjectConfirmationData with Recipient = our ACS,
 * InResponseTo = this flow's request, NotOnOrAfter in the future, no NotBefore; Conditions and Audience;
 * SessionNotOnOrAfter. Attribute values are untrusted input: NFC, no control characters, bounded sizes.
 */
import { ErrorCodes } from '../../core/error-codes.ts';
import type { RawAttributes } from '../../core/upstream-identity.ts';
import { BEARER, NS } from '../../protocols/saml/namespaces.ts';
import { childElement, childElements } from '../../protocols/saml/xml-dom.ts';
import type { XmlElementView } from '../../protocols/saml/xml-view.ts';
import { rejected } from './check-response-structure.ts';

export interface VerifiedAssertion {
  id: string;
  nameId: string | undefined;
  attributes: RawAttributes;
  authnInstant: Date;
  authnContextClassRef: string | undefined;
  /**
   * The first instant from which this check refuses the assertion whatever else it says: the earlier of
   * NotOnOrAfter + skew (expired) and IssueInstant + maximum age + skew, plus 1 ms (too old). Until
   * then its id must be remembered as used (the replay cache's expiry), and no longer.
   */
  refusedFrom: Date;
}

export interface AssertionExpectations {
  idpEntityId: string;
  spEntityId: string;
  acsUrls: readonly string[];
  requestId: string;
  now: Date;
  skewMs: number;
  /** Oldest IssueInstant accepted (docs/integrations/saml.md "What Passi requires of a response"). */
  maxAgeMs: number;
}

const MAX_ATTRIBUTES = 200;
const MAX_VALUES = 500;
const MAX_VALUE_LENGTH = 4096;
/** C0/C1 controls except tab, line feed and carriage return. */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

export function readVerifiedAssertion(
  assertion: XmlElementView,
  x: AssertionExpectations,
): VerifiedAssertion {
  if (assertion.namespaceURI !== NS.saml || assertion.localName !== 'Assertion')
    throw rejected('the signed element is not an Assertion', ErrorCodes.UPSTREAM_ANSWER_INVALID);
  const now = x.now.getTime();
  const id = assertion.getAttribute('ID') ?? '';
  if (id === '') throw rejected('the Assertion has no ID');

  const issuer = childElement(assertion, NS.saml, 'Issuer');
  if (issuer === null || (issuer.textContent ?? '').trim() !== x.idpEntityId)
    throw rejected('the Assertion Issuer is not this integration’s IdP');
  const issueInstant = instant(assertion.getAttribute('IssueInstant'), 'IssueInstant');
  if (issueInstant > now + x.skewMs) throw rejected('IssueInstant is in the future');
  if (issueInstant < now - x.maxAgeMs - x.skewMs) throw rejected('the Assertion is too old');

  // Subject: one bearer confirmation that names our ACS and this flow's request.
  const subject = childElement(assertion, NS.saml, 'Subject');
  if (subject === null) throw rejected('no Subject');
  const confirmations = childElements(subject).filter(
    (e) =>
      e.namespaceURI === NS.saml &&
      e.localName === 'SubjectConfirmation' &&
      e.getAttribute('Method') === BEARER,
  );
  let bearerNotOnOrAfter: number | undefined;
  let bearerProblem = 'no bearer SubjectConfirmation';
  for (const c of confirmations) {
    const data = childElement(c, NS.saml, 'SubjectConfirmationData');
    if (data === null) continue;
    const problem = bearerDataProblem(data, x);
    if (problem === undefined) {
      bearerNotOnOrAfter = instant(data.getAttribute('NotOnOrAfter'), 'NotOnOrAfter');
      break;
    }
    bearerProblem = problem;
  }
  if (bearerNotOnOrAfter === undefined) throw rejected(bearerProblem);

  // Conditions with skew; an AudienceRestriction naming Passi's SP entity id is required.
  const allConditions = childElements(assertion).filter(
    (e) => e.namespaceURI === NS.saml && e.localName === 'Conditions',
  );
  const conditions = allConditions[0];
  if (conditions === undefined) throw rejected('no Conditions');
  // SAML Core 2.0 §2.3.3: at most one Conditions element.
  if (allConditions.length > 1) throw rejected('more than one Conditions');
  const notBefore = conditions.getAttribute('NotBefore');
  if (notBefore && instant(notBefore, 'NotBefore') > now + x.skewMs)
    throw rejected('Conditions NotBefore is in the future');
  const notOnOrAfterAttr = conditions.getAttribute('NotOnOrAfter');
  const conditionsEnd = notOnOrAfterAttr ? instant(notOnOrAfterAttr, 'NotOnOrAfter') : bearerNotOnOrAfter;
  if (conditionsEnd <= now - x.skewMs) throw rejected('the Assertion has expired');
  const restrictions = childElements(conditions).filter(
    (e) => e.namespaceURI === NS.saml && e.localName === 'AudienceRestriction',
  );
  if (restrictions.length === 0) throw rejected('no AudienceRestriction');
  // SAML Core §2.5.1.4: every AudienceRestriction must be met.
  for (const r of restrictions) {
    const audiences = childElements(r).map((a) => (a.textContent ?? '').trim());
    if (!audiences.includes(x.spEntityId)) throw rejected('the Audience is not Passi');
  }

  const statements = childElements(assertion).filter(
    (e) => e.namespaceURI === NS.saml && e.localName === 'AuthnStatement',
  );
  const authn = statements[0];
  if (statements.length !== 1 || authn === undefined) throw rejected('exactly one AuthnStatement required');
  const authnInstant = instant(authn.getAttribute('AuthnInstant'), 'AuthnInstant');
  const sessionEnd = authn.getAttribute('SessionNotOnOrAfter');
  if (sessionEnd && instant(sessionEnd, 'SessionNotOnOrAfter') <= now - x.skewMs)
    throw rejected('the IdP session has ended');
  const context = childElement(authn, NS.saml, 'AuthnContext');
  const classRef = context === null ? null : childElement(context, NS.saml, 'AuthnContextClassRef');

  const nameIdEl = childElement(subject, NS.saml, 'NameID');
  const nameId =
    nameIdEl === null ? undefined : clean(nameIdEl.textContent ?? '', 'NameID').trim() || undefined;

  return {
    id,
    nameId,
    attributes: readAttributes(assertion),
    authnInstant: new Date(authnInstant),
    authnContextClassRef: classRef === null ? undefined : (classRef.textContent ?? '').trim() || undefined,
    refusedFrom: new Date(
      Math.min(
        Math.max(conditionsEnd, bearerNotOnOrAfter) + x.skewMs,
        issueInstant + x.maxAgeMs + x.skewMs + 1,
      ),
    ),
  };
}

function bearerDataProblem(data: XmlElementView, x: AssertionExpectations): string | undefined {
  // SAML Profiles 2.0 §4.1.4.2: Recipient, NotOnOrAfter and InResponseTo; NotBefore must not be present.
  if (!x.acsUrls.includes(data.getAttribute('Recipient') ?? ''))
    return 'Recipient is not this integration’s ACS';
  if (data.getAttribute('InResponseTo') !== x.requestId)
    return 'SubjectConfirmationData InResponseTo is not this login’s request';
  if (data.getAttribute('NotBefore')) return 'SubjectConfirmationData has NotBefore';
  const end = data.getAttribute('NotOnOrAfter');
  if (!end) return 'SubjectConfirmationData has no NotOnOrAfter';
  if (instant(end, 'NotOnOrAfter') <= x.now.getTime() - x.skewMs)
    return 'the bearer confirmation has expired';
  return undefined;
}

function readAttributes(assertion: XmlElementView): RawAttributes {
  const out: Record<string, string[]> = {};
  let count = 0;
  for (const statement of childElements(assertion)) {
    if (statement.namespaceURI !== NS.saml || statement.localName !== 'AttributeStatement') continue;
    for (const attribute of childElements(statement)) {
      if (attribute.namespaceURI !== NS.saml || attribute.localName !== 'Attribute') continue;
      if (++count > MAX_ATTRIBUTES) throw rejected('too many attributes');
      const name = clean(attribute.getAttribute('Name') ?? '', 'attribute name');
      if (name === '') continue;
      const values = out[name] ?? [];
      for (const v of childElements(attribute)) {
        if (v.namespaceURI !== NS.saml || v.localName !== 'AttributeValue') continue;
        // textContent joins the text nodes and drops comments: `a<!---->b` reads as the full signed `ab` (SP-14).
        values.push(clean(v.textContent ?? '', `attribute ${name}`));
      }
      if (values.length > MAX_VALUES) throw rejected('too many attribute values');
      out[name] = values;
    }
  }
  return out;
}

function clean(value: string, what: string): string {
  if (value.length > MAX_VALUE_LENGTH) throw rejected(`${what} is too long`);
  // U+0085 (NEXT LINE) is a line end (XML 1.1 §2.11), not a stray control: read it as `\n`, as node-saml's
  // xmldom already does on most paths, so a signed value holding one is read the same on every path.
  const read = value.replaceAll('\u0085', '\n');
  if (CONTROL.test(read)) throw rejected(`${what} contains control characters`);
  return read.normalize('NFC');
}

function instant(value: string | null, name: string): number {
  const t = value ? Date.parse(value) : Number.NaN;
  if (!value || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(t))
    throw rejected(`${name} is missing or not a date-time`);
  return t;
}
