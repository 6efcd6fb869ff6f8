/**
 * readXml, Passi's own reader for a school's Response, against parseXml (hardened @xmldom/xmldom), which
 * reads everything else Passi receives. The contract:
 * 1. the same refusals with the same error code, except that readXml also refuses every processing
 *    instruction but an XML declaration at the very start, and what XML 1.0 and Namespaces in XML 1.0
 *    forbid but @xmldom/xmldom lets through (STRICTER_ON_PURPOSE; read-xml.ts lists them);
 * 2. where both accept, the same tree: node by node, attribute by attribute, the same textContent, the
 *    same attribute look-ups, the same getElementsByTagNameNS answers and the same canonical form.
 * Checked on real Responses in the shapes schools send (signed, encrypted), seeded random namespace trees,
 * seeded mutations of all of them, and explicit cases from XML 1.0 and Namespaces in XML 1.0.
 *
 * Longer than our usual file: the comparison, the corpus and the cases belong together, and the mutation
 * generator already lives in its own file (xml-mutations.test-data.ts).
 */
import { type Node, XMLSerializer } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSchoolIdp } from '../../../test/upstream-saml/support/school-idp.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { isPassiError } from '../../core/errors.ts';
import { sampleInput } from './build-response.test-data.ts';
import { buildResponse, buildResponseSync } from './build-response.ts';
import { canonicalize } from './canonical-xml.ts';
import { fixture } from './fixtures.test-data.ts';
import { ALG, NS, STATUS } from './namespaces.ts';
import { MAX_XML_DEPTH, type ParseXmlOptions, parseXml } from './parse-xml.ts';
import { eachRandomTree } from './random-namespace-trees.test-data.ts';
import { readXml } from './read-xml.ts';
import { buildSpMetadata } from './sp-metadata.ts';
import { testKey, xmlsecAvailable, xmlsecEncrypt, xmlsecSign } from './test-kit.ts';
import { HAND_WRITTEN_DOCUMENTS, mutate, rng, shrink } from './xml-mutations.test-data.ts';
import { isElementView, type XmlElementView, type XmlListView, type XmlNodeView } from './xml-view.ts';

// ---------------------------------------------------------------------------------------------------------
// The comparison

interface Difference {
  readonly aspect: string;
  readonly at: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

const ABSENT_NS = 'urn:passi:absent';
const ABSENT_NAME = 'passi-absent';

/**
 * The first way `actual` (readXml's root) differs from `expected` (parseXml's), or undefined: every node's
 * type, names, attributes in order, character data, child count and parent; every element's textContent,
 * attribute look-ups (present and absent) and getElementsByTagNameNS answers (as the same nodes, in the same
 * order); the canonical form of the root and of every element carrying a ds:Signature, without it.
 */
function treeDifference(expected: XmlElementView, actual: XmlElementView): Difference | undefined {
  const pairs = new Map<XmlNodeView, XmlNodeView>();
  const elements: [XmlElementView, XmlElementView, string][] = [];
  const walked = walkElement(expected, actual, `/${expected.tagName}`, pairs, elements);
  if (walked !== undefined) return walked;
  for (const [e, a, at] of elements) {
    const found = compareList(
      e.getElementsByTagNameNS('*', '*'),
      a.getElementsByTagNameNS('*', '*'),
      pairs,
      at,
      "getElementsByTagNameNS('*', '*')",
    );
    if (found !== undefined) return found;
  }
  for (const [ns, local] of nameQueries(elements.map(([e]) => e))) {
    const found = compareList(
      expected.getElementsByTagNameNS(ns, local),
      actual.getElementsByTagNameNS(ns, local),
      pairs,
      `/${expected.tagName}`,
      `getElementsByTagNameNS(${JSON.stringify(ns)}, ${JSON.stringify(local)})`,
    );
    if (found !== undefined) return found;
  }
  // The root as a whole, and every element carrying a signature without it (what its digest is over).
  const forms: [XmlElementView, XmlElementView, string, XmlNodeView | undefined, XmlNodeView | undefined][] =
    [[expected, actual, `/${expected.tagName}`, undefined, undefined]];
  for (const [e, a, at] of elements) {
    const signature = childNamed(e, NS.ds, 'Signature');
    if (signature !== null) forms.push([e, a, at, signature, pairs.get(signature)]);
  }
  for (const [e, a, at, omitExpected, omitActual] of forms) {
    const expectedForm = canonicalForm(e, omitExpected);
    const actualForm = canonicalForm(a, omitActual);
    if (expectedForm !== actualForm) {
      const aspect = omitExpected === undefined ? 'canonicalize' : 'canonicalize without the Signature';
      return { aspect, at, expected: expectedForm, actual: actualForm };
    }
  }
  return undefined;
}

function walkElement(
  e: XmlElementView,
  a: XmlElementView,
  at: string,
  pairs: Map<XmlNodeView, XmlNodeView>,
  elements: [XmlElementView, XmlElementView, string][],
): Difference | undefined {
  pairs.set(e, a);
  elements.push([e, a, at]);
  const same = (aspect: string, x: unknown, y: unknown): Difference | undefined =>
    Object.is(x, y) ? undefined : { aspect, at, expected: x, actual: y };
  const own =
    same('nodeType', e.nodeType, a.nodeType) ??
    same('element nodeValue', e.nodeValue, a.nodeValue) ??
    same('tagName', e.tagName, a.tagName) ??
    same('localName', e.localName, a.localName) ??
    same('prefix', e.prefix, a.prefix) ??
    same('namespaceURI', e.namespaceURI, a.namespaceURI) ??
    same('attributes.length', e.attributes.length, a.attributes.length) ??
    same(
      'attributes.item(length)',
      e.attributes.item(e.attributes.length),
      a.attributes.item(a.attributes.length),
    );
  if (own !== undefined) return own;
  for (let i = 0; i < e.attributes.length; i++) {
    const ea = e.attributes.item(i);
    const aa = a.attributes.item(i);
    if (ea === null || aa === null) return same(`attributes.item(${i})`, ea, aa);
    const attr = `${at}/@${ea.name}`;
    const sameAttr = (aspect: string, x: unknown, y: unknown): Difference | undefined =>
      Object.is(x, y) ? undefined : { aspect, at: attr, expected: x, actual: y };
    const found =
      sameAttr(`attribute ${i} name`, ea.name, aa.name) ??
      sameAttr('attribute localName', ea.localName, aa.localName) ??
      sameAttr('attribute prefix', ea.prefix, aa.prefix) ??
      sameAttr('attribute namespaceURI', ea.namespaceURI, aa.namespaceURI) ??
      sameAttr('attribute value', ea.value, aa.value) ??
      lookups(e, a, attr, ea.name, ea.namespaceURI, ea.localName ?? ea.name);
    if (found !== undefined) return found;
  }
  const absent =
    lookups(e, a, `${at}/@${ABSENT_NAME}`, ABSENT_NAME, null, ABSENT_NAME) ??
    same(
      `getAttributeNS(${JSON.stringify(ABSENT_NS)}, 'ID')`,
      e.getAttributeNS(ABSENT_NS, 'ID'),
      a.getAttributeNS(ABSENT_NS, 'ID'),
    ) ??
    same('textContent', e.textContent, a.textContent);
  if (absent !== undefined) return absent;
  let ec = e.firstChild;
  let ac = a.firstChild;
  let index = 1;
  for (; ec !== null && ac !== null; ec = ec.nextSibling, ac = ac.nextSibling, index++) {
    const child = isElementView(ec) ? `${at}/${ec.tagName}[${index}]` : `${at}/node()[${index}]`;
    if (ec.parentNode !== e) throw new Error(`parseXml's tree has a wrong parentNode at ${child}`);
    if (ac.parentNode !== a)
      return { aspect: 'parentNode', at: child, expected: 'the parent', actual: 'another' };
    if (ec.nodeType !== ac.nodeType) {
      return { aspect: 'child nodeType', at: child, expected: describeNode(ec), actual: describeNode(ac) };
    }
    if (isElementView(ec) && isElementView(ac)) {
      const found = walkElement(ec, ac, child, pairs, elements);
      if (found !== undefined) return found;
    } else {
      pairs.set(ec, ac);
      if (ec.nodeValue !== ac.nodeValue) {
        return { aspect: 'child nodeValue', at: child, expected: ec.nodeValue, actual: ac.nodeValue };
      }
    }
  }
  if (ec !== null || ac !== null) {
    return {
      aspect: 'number of children',
      at: `${at}/node()[${index}]`,
      expected: ec === null ? 'no more children' : describeNode(ec),
      actual: ac === null ? 'no more children' : describeNode(ac),
    };
  }
  return undefined;
}

/** getAttribute, hasAttribute and getAttributeNS for one name, and the local name unqualified. */
function lookups(
  e: XmlElementView,
  a: XmlElementView,
  at: string,
  qualified: string,
  ns: string | null,
  local: string,
): Difference | undefined {
  const checks: [string, unknown, unknown][] = [
    [`getAttribute(${JSON.stringify(qualified)})`, e.getAttribute(qualified), a.getAttribute(qualified)],
    [`hasAttribute(${JSON.stringify(qualified)})`, e.hasAttribute(qualified), a.hasAttribute(qualified)],
    [
      `getAttributeNS(${JSON.stringify(ns)}, ${JSON.stringify(local)})`,
      e.getAttributeNS(ns, local),
      a.getAttributeNS(ns, local),
    ],
    [`getAttribute(${JSON.stringify(local)})`, e.getAttribute(local), a.getAttribute(local)],
    [
      `getAttributeNS(null, ${JSON.stringify(local)})`,
      e.getAttributeNS(null, local),
      a.getAttributeNS(null, local),
    ],
  ];
  for (const [aspect, x, y] of checks) if (!Object.is(x, y)) return { aspect, at, expected: x, actual: y };
  return undefined;
}

/** Every (namespace, local name) the elements have, with wildcards, and a name no element has. */
function nameQueries(elements: readonly XmlElementView[]): [string | null, string][] {
  const queries = new Map<string, [string | null, string]>();
  const add = (ns: string | null, local: string) => queries.set(JSON.stringify([ns, local]), [ns, local]);
  for (const e of elements) {
    const local = e.localName ?? e.tagName;
    add(e.namespaceURI, local);
    add('*', local);
    if (e.namespaceURI !== null) add(e.namespaceURI, '*');
  }
  add(ABSENT_NS, '*');
  add('*', ABSENT_NAME);
  return [...queries.values()];
}

function compareList(
  e: XmlListView<XmlElementView>,
  a: XmlListView<XmlElementView>,
  pairs: ReadonlyMap<XmlNodeView, XmlNodeView>,
  at: string,
  query: string,
): Difference | undefined {
  const names = (list: XmlListView<XmlElementView>) => {
    const out: string[] = [];
    for (let i = 0; i < list.length; i++) out.push(list.item(i)?.tagName ?? 'null');
    return out;
  };
  if (e.length !== a.length) return { aspect: query, at, expected: names(e), actual: names(a) };
  for (let i = 0; i < e.length; i++) {
    const ei = e.item(i);
    if (ei === null || pairs.get(ei) !== a.item(i)) {
      return { aspect: `${query}.item(${i}) (the same node)`, at, expected: names(e), actual: names(a) };
    }
  }
  if (a.item(a.length) !== null)
    return { aspect: `${query}.item(length)`, at, expected: null, actual: 'a node' };
  return undefined;
}

function childNamed(e: XmlElementView, ns: string, local: string): XmlElementView | null {
  for (let c = e.firstChild; c !== null; c = c.nextSibling) {
    if (isElementView(c) && c.namespaceURI === ns && c.localName === local) return c;
  }
  return null;
}

/** The canonical form, or how canonicalize refused (it refuses some content: then it must for both). */
function canonicalForm(e: XmlElementView, omit: XmlNodeView | undefined): string {
  try {
    return canonicalize(e, omit === undefined ? {} : { omit });
  } catch (error) {
    return `canonicalize threw ${isPassiError(error) ? error.code : String(error)}`;
  }
}

function describeNode(n: XmlNodeView): string {
  return isElementView(n) ? `<${n.tagName}>` : `node type ${n.nodeType} ${JSON.stringify(n.nodeValue)}`;
}

function expectSameTree(expected: XmlElementView, actual: XmlElementView, input: string): void {
  const d = treeDifference(expected, actual);
  const said =
    d &&
    `${d.aspect} at ${d.at}: parseXml ${JSON.stringify(d.expected)}, readXml ${JSON.stringify(d.actual)}`;
  expect(said, `the trees differ for ${JSON.stringify(input)}`).toBeUndefined();
}

// ---------------------------------------------------------------------------------------------------------
// The contract, for one input

type Outcome<T> =
  | { readonly kind: 'accepted'; readonly value: T }
  | { readonly kind: 'refused'; readonly code: string; readonly reason: string }
  | { readonly kind: 'crashed'; readonly reason: string };

function attempt<T>(parse: () => T): Outcome<T> {
  try {
    return { kind: 'accepted', value: parse() };
  } catch (error) {
    if (!isPassiError(error)) return { kind: 'crashed', reason: String(error) };
    // xmldom's message, when parseXml wraps one: `Reporting fatalError "…" caused Error: fatalError: …`.
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    const said = cause === undefined ? '' : `: ${/caused Error: (.*)$/s.exec(cause)?.[1] ?? cause}`;
    return { kind: 'refused', code: error.code, reason: `${error.message}${said}` };
  }
}

function show(outcome: Outcome<unknown>): string {
  if (outcome.kind === 'accepted') return 'accepted';
  if (outcome.kind === 'crashed') return `threw a non-PassiError: ${outcome.reason}`;
  return `refused ${outcome.code}: ${outcome.reason}`;
}

/** A category for grouping failures: a refusal reason without the names and positions in it. */
function generalised(reason: string): string {
  return reason
    .replace(/(["'`]).*?\1/g, '…')
    .replace(/&\S*/g, '&…')
    .replace(/\b(of|attribute|prefix|xmlns:)\s*[^\s:]+(:\S+)?/g, '$1 …')
    .replace(/\d+/g, 'N')
    .slice(0, 90);
}

/** A processing instruction other than the XML declaration that xmldom only accepts at the very start. */
function holdsProcessingInstruction(doc: Node): boolean {
  const walk = (n: Node): boolean => {
    for (let c = n.firstChild; c !== null; c = c.nextSibling) {
      if (c.nodeType === 7 && !(c === doc.firstChild && c.nodeName === 'xml')) return true;
      if (c.nodeType === 1 && walk(c)) return true;
    }
    return false;
  };
  return walk(doc);
}

/**
 * readXml's reasons for refusing what parseXml accepts, each a rule of XML 1.0 or Namespaces in XML 1.0
 * that @xmldom/xmldom does not enforce (read-xml.ts). Where parseXml accepts and readXml refuses, its
 * reason must be one of these.
 */
const STRICTER_ON_PURPOSE: readonly RegExp[] = [
  /refers to a character not allowed in XML 1\.0$/, // XML 1.0 §4.1 WFC: Legal Character
  /declares an empty namespace name$/, // Namespaces in XML 1.0 §3
  /the xml prefix is bound only to the XML namespace$/, // Namespaces §3, reserved prefixes
  /the xmlns prefix cannot be declared$/,
  /binds a reserved namespace$/,
  /attribute \S+:\S+ is repeated$/, // Namespaces §6.3: the same namespace and local name
  /text holds \]\]>$/, // XML 1.0 §2.4
  /a reference is not closed by ;$/, // XML 1.0 §2.4, §4.1: a bare &
  /is not a known entity$/, // XML 1.0 §4.1 WFC: Entity Declared (no DTD)
  /the start tag of \S+ is malformed$/, // XML 1.0 §3.1 EmptyElemTag: `/>` together
  /text outside the root element$/, // XML 1.0 §2.3: S is space, TAB, CR, LF (not U+00A0, U+FEFF)
  /markup declarations are not accepted$/, // XML 1.0 §2.1: no CDATA section after the root
];

function stricterOnPurpose(reason: string): boolean {
  return STRICTER_ON_PURPOSE.some((rule) => rule.test(reason));
}

interface Problem {
  /** What kind of disagreement, for grouping. */
  readonly category: string;
  readonly detail: string;
}

/** How readXml breaks the contract on `xml` (problem), and whether parseXml accepts it. */
function judge(xml: string, options?: ParseXmlOptions): { problem?: Problem; parseXmlAccepts: boolean } {
  const expected = attempt(() => parseXml(xml, options));
  const actual = attempt(() => readXml(xml, options));
  const parseXmlAccepts = expected.kind === 'accepted';
  const found = (category: string, detail = `parseXml ${show(expected)}; readXml ${show(actual)}`) => ({
    problem: { category, detail },
    parseXmlAccepts,
  });
  if (actual.kind === 'crashed') return found('readXml throws something other than a PassiError');
  if (expected.kind === 'crashed') return found('parseXml throws something other than a PassiError');
  if (expected.kind === 'refused') {
    if (actual.kind === 'accepted')
      return found(`parseXml refuses (${generalised(expected.reason)}), readXml accepts`);
    if (actual.code !== expected.code)
      return found(`parseXml refuses with ${expected.code}, readXml with ${actual.code}`);
    return { parseXmlAccepts };
  }
  if (holdsProcessingInstruction(expected.value)) {
    if (actual.kind === 'refused' && actual.code === ErrorCodes.REQUEST_INVALID) return { parseXmlAccepts };
    return found('readXml does not refuse a processing instruction with REQUEST_INVALID');
  }
  if (actual.kind === 'refused') {
    if (actual.code === ErrorCodes.REQUEST_INVALID && stricterOnPurpose(actual.reason))
      return { parseXmlAccepts };
    return found(`parseXml accepts, readXml refuses (${generalised(actual.reason)})`);
  }
  const e = expected.value.documentElement;
  const a = actual.value.documentElement;
  if (e === null) return found('parseXml accepts a document without a root');
  if (a === null) return found('readXml accepts, documentElement null');
  const d = treeDifference(e, a);
  if (d === undefined) return { parseXmlAccepts };
  return found(
    `the trees differ: ${d.aspect.replace(/\d+/g, 'N')}`,
    `${d.aspect} at ${d.at}: parseXml ${JSON.stringify(d.expected)}, readXml ${JSON.stringify(d.actual)}`,
  );
}

function contractProblem(xml: string, options?: ParseXmlOptions): Problem | undefined {
  return judge(xml, options).problem;
}

function expectContract(xml: string, options?: ParseXmlOptions): void {
  expect(contractProblem(xml, options), `input: ${JSON.stringify(xml)}`).toBeUndefined();
}

/** Both accept, with the same tree; returns readXml's root for the spec's own values. */
function expectAcceptedAlike(xml: string, options?: ParseXmlOptions): XmlElementView {
  const expected = attempt(() => parseXml(xml, options));
  const actual = attempt(() => readXml(xml, options));
  expect(show(expected), `parseXml on ${JSON.stringify(xml)}`).toBe('accepted');
  expect(show(actual), `readXml on ${JSON.stringify(xml)}`).toBe('accepted');
  const e = expected.kind === 'accepted' ? expected.value.documentElement : null;
  const a = actual.kind === 'accepted' ? actual.value.documentElement : null;
  if (e === null || a === null) throw new Error(`no documentElement for ${JSON.stringify(xml)}`);
  expectSameTree(e, a, xml);
  return a;
}

function refusal(parse: () => unknown): string {
  const outcome = attempt(parse);
  return outcome.kind === 'refused' ? outcome.code : show(outcome);
}

/** readXml refuses with `code`, and so does parseXml (contract 1); with a PI, readXml alone. */
function expectRefused(
  xml: string,
  code: string = ErrorCodes.REQUEST_INVALID,
  options: ParseXmlOptions & { readonly processingInstruction?: boolean } = {},
): void {
  expect(
    refusal(() => readXml(xml, options)),
    `readXml on ${JSON.stringify(xml)}`,
  ).toBe(code);
  if (options.processingInstruction === true) return;
  const read = attempt(() => readXml(xml, options));
  if (read.kind === 'refused' && stricterOnPurpose(read.reason)) return;
  expect(
    refusal(() => parseXml(xml, options)),
    `parseXml on ${JSON.stringify(xml)} (the contract needs both to refuse; where parseXml accepts, @xmldom/xmldom lets through what the specification forbids)`,
  ).toBe(code);
}

// ---------------------------------------------------------------------------------------------------------
// Real documents

const SCHOOL_ATTRIBUTES: Record<string, string[]> = {
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': ['Åsa-Öllí'],
  'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups': ['7e0c…', 'a<b & "c" \'d\' ]]>'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['oppilas@koulu.example'],
  mpassRole: ['1.2.246.562.10.1;00001;2;Opettaja', ''],
};

const SP_ENTITY = 'https://passi.example/sp/read-xml';
const ACS = 'https://passi.example/sp/read-xml/acs';

function spMetadataUrl(): string {
  const sp = testKey('read-xml-sp');
  const xml = buildSpMetadata({
    entityId: SP_ENTITY,
    validUntil: new Date(Date.now() + 86_400_000),
    signingCertificatesPem: [sp.certificatePem],
    encryptionCertificatesPem: [sp.certificatePem],
    assertionConsumerServices: [ACS],
  });
  // The school IdP fetches Passi's SP metadata; a data: URL keeps this test off the network.
  return `data:application/samlmetadata+xml;base64,${Buffer.from(xml, 'utf8').toString('base64')}`;
}

type Shape = 'adfs' | 'google' | 'entra' | 'generic';

/** A Response from the school IdP of test/upstream-saml in one registry shape, and its signed metadata. */
async function schoolIdpDocuments(shape: Shape): Promise<Record<string, string>> {
  const url = spMetadataUrl();
  const idp = await startSchoolIdp({
    shape,
    spMetadataUrl: () => url,
    keyLabel: 'read-xml-school',
    user: { nameId: 'oppilas-1', attributes: SCHOOL_ATTRIBUTES },
  });
  try {
    const request = { id: '_req-read-xml', acs: ACS };
    return {
      [`${shape} shape (school IdP)`]: await idp.buildResponse(request),
      [`${shape} shape, error status`]: await idp.buildResponse(request, {
        status: { code: STATUS.responder, sub: STATUS.authnFailed },
      }),
      [`${shape} shape, signed IdP metadata`]: idp.metadataXml,
    };
  } finally {
    await idp.close();
  }
}

function signatureTemplate(id: string, prefix: string): string {
  const p = prefix === '' ? '' : `${prefix}:`;
  const ns = prefix === '' ? ` xmlns="${NS.ds}"` : ` xmlns:${prefix}="${NS.ds}"`;
  return (
    `<${p}Signature${ns}><${p}SignedInfo><${p}CanonicalizationMethod Algorithm="${ALG.excC14n}"/>` +
    `<${p}SignatureMethod Algorithm="${ALG.rsaSha256}"/><${p}Reference URI="#${id}"><${p}Transforms>` +
    `<${p}Transform Algorithm="${ALG.enveloped}"/><${p}Transform Algorithm="${ALG.excC14n}"/></${p}Transforms>` +
    `<${p}DigestMethod Algorithm="${ALG.sha256}"/><${p}DigestValue/></${p}Reference></${p}SignedInfo>` +
    `<${p}SignatureValue/></${p}Signature>`
  );
}

const WHEN = 'IssueInstant="2026-11-28T10:00:00.123Z"';
const SUCCESS = `<samlp:Status><samlp:StatusCode Value="${STATUS.success}" /></samlp:Status>`;

/** Entra ID: default namespaces for Issuer, Assertion and Signature, no prefixes inside the Assertion. */
function entraAssertion(id: string): string {
  return (
    `<Assertion ID="${id}" ${WHEN} Version="2.0" xmlns="${NS.saml}"><Issuer>https://sts.windows.net/0000/</Issuer>` +
    `${signatureTemplate(id, '')}<Subject><NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">` +
    `oppilas-1</NameID><SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData ` +
    `InResponseTo="_req1" NotOnOrAfter="2026-11-28T10:05:00.123Z" Recipient="${ACS}"/></SubjectConfirmation></Subject>` +
    `<Conditions NotBefore="2026-11-28T09:55:00.123Z" NotOnOrAfter="2026-11-28T11:00:00.123Z"><AudienceRestriction>` +
    `<Audience>${SP_ENTITY}</Audience></AudienceRestriction></Conditions><AttributeStatement>` +
    `<Attribute Name="http://schemas.microsoft.com/identity/claims/tenantid"><AttributeValue>0000</AttributeValue>` +
    `</Attribute><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"><AttributeValue>` +
    `Åsa &amp; Ölli</AttributeValue></Attribute></AttributeStatement><AuthnStatement AuthnInstant="2026-11-28T09:59:00.000Z" ` +
    `SessionIndex="_s1"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password` +
    `</AuthnContextClassRef></AuthnContext></AuthnStatement></Assertion>`
  );
}

function responseAround(inner: string, id: string, signed: boolean): string {
  return (
    `<samlp:Response ID="${id}" Version="2.0" ${WHEN} Destination="${ACS}" ` +
    `Consent="urn:oasis:names:tc:SAML:2.0:consent:unspecified" InResponseTo="_req1" xmlns:samlp="${NS.samlp}">` +
    `<Issuer xmlns="${NS.saml}">https://school.example/adfs/services/trust</Issuer>` +
    `${signed ? signatureTemplate(id, 'ds') : ''}${SUCCESS}${inner}</samlp:Response>`
  );
}

/** Shibboleth and Google: XML declaration, saml2 prefixes, xsi:type values, pretty-printed, `&#13;` in base64. */
function shibbolethResponse(): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<saml2p:Response xmlns:saml2p="${NS.samlp}" Destination="${ACS}" ID="_g1" InResponseTo="_req1" ${WHEN} Version="2.0">`,
    `  <saml2:Issuer xmlns:saml2="${NS.saml}">https://accounts.google.com/o/saml2?idpid=C01</saml2:Issuer>`,
    `  <saml2p:Status>\n    <saml2p:StatusCode Value="${STATUS.success}"/>\n  </saml2p:Status>`,
    `  <saml2:Assertion xmlns:saml2="${NS.saml}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ID="_g2" ${WHEN} Version="2.0">`,
    '    <saml2:Issuer>https://accounts.google.com/o/saml2?idpid=C01</saml2:Issuer>',
    `    ${signatureTemplate('_g2', 'ds')}`,
    '    <saml2:Subject>',
    '      <saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">oppilas@koulu.example</saml2:NameID>',
    '    </saml2:Subject>',
    '    <saml2:AttributeStatement>',
    '      <saml2:Attribute Name="firstName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">',
    '        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xsd:string">Åsa &amp; Ölli &lt;3</saml2:AttributeValue>',
    '        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xsd:anyType"/>',
    '      </saml2:Attribute>',
    '    </saml2:AttributeStatement>',
    '  </saml2:Assertion>',
    '</saml2p:Response>',
  ].join('\n');
}

/** Documents signed and encrypted by xmlsec1 (libxml2), as school IdPs built on xmlsec write them. */
function xmlsecDocuments(): Record<string, string> {
  const school = testKey('read-xml-school');
  const sp = testKey('read-xml-sp');
  const entra = xmlsecSign(responseAround(entraAssertion('_e2'), '_e1', false), school, 'Assertion');
  const shibboleth = xmlsecSign(shibbolethResponse(), school, 'Assertion')
    // Java's Santuario writes CR as `&#13;` in base64 line breaks; the signature value is not digested.
    .replace(/<ds:SignatureValue>[^<]*</, (value) => value.replace(/\n/g, '&#13;\n'));
  const assertion = xmlsecSign(entraAssertion('_f2'), school, 'Assertion').replace(/^<\?xml[^>]*\?>\s*/, '');
  const encrypted = xmlsecEncrypt(assertion, sp.certificatePem, 'aes256-cbc');
  const adfs = xmlsecSign(
    responseAround(`<EncryptedAssertion xmlns="${NS.saml}">${encrypted}</EncryptedAssertion>`, '_f1', true),
    school,
    'Response',
  );
  return {
    'Entra-style Response signed by xmlsec1 (default namespaces)': entra,
    'Shibboleth/Google-style Response signed by xmlsec1 (declaration, xsi:type, &#13;)': shibboleth,
    // Windows line ends on the wire: the parsed content, and so the signature, is the same.
    'the same with CRLF line ends': shibboleth.replace(/\n/g, '\r\n'),
    'ADFS-style Response, assertion encrypted (AES-256-CBC) and Response signed by xmlsec1': adfs,
  };
}

async function realDocuments(): Promise<Record<string, string>> {
  const school = testKey('read-xml-school').credential;
  const sp = testKey('read-xml-sp');
  const shapes: Record<string, string> = {};
  for (const shape of ['adfs', 'google', 'entra', 'generic'] as const) {
    Object.assign(shapes, await schoolIdpDocuments(shape));
  }
  return {
    'Passi-built Response, assertion signed, hostile attribute values': buildResponseSync(
      sampleInput(),
      school,
    ),
    'Passi-built Response, Response and assertion signed': buildResponseSync(
      sampleInput({ signResponse: true }),
      school,
    ),
    'Passi-built Response, assertion encrypted (AES-GCM)': await buildResponse(
      sampleInput({ encryptionCertificatePem: sp.certificatePem, signResponse: true }),
      school,
    ),
    ...shapes,
    ...(xmlsecAvailable ? xmlsecDocuments() : {}),
    'SP metadata': buildSpMetadata(
      {
        entityId: SP_ENTITY,
        validUntil: new Date('2027-01-01T00:00:00Z'),
        signingCertificatesPem: [sp.certificatePem],
        encryptionCertificatesPem: [sp.certificatePem],
        assertionConsumerServices: [ACS, `${ACS}/2`],
      },
      school,
    ),
    'AuthnRequest fixture': fixture('authnrequest.minimal.xml'),
    'AuthnRequest fixture with ACS index and URL': fixture('authnrequest.acs-index-and-url.xml'),
  };
}

let real: Record<string, string> = {};

beforeAll(async () => {
  real = await realDocuments();
});

describe('readXml on real documents, as parseXml', () => {
  it('reads every Response shape, signed and encrypted, to the same tree', () => {
    const names = Object.keys(real);
    // 3 built by Passi, 4 shapes × 3 from the school IdP, 4 from xmlsec1 (when installed), SP metadata, 2 requests.
    expect(names.length).toBe(xmlsecAvailable ? 22 : 18);
    for (const [name, xml] of Object.entries(real)) {
      const root = expectAcceptedAlike(xml);
      expect(root.localName, name).toMatch(/^(Response|EntityDescriptor|AuthnRequest)$/);
    }
  });

  it('holds the signed and encrypted parts it must (the corpus is what it says)', () => {
    const count = (name: string, ns: string, local: string) =>
      readXml(real[name] ?? '').documentElement?.getElementsByTagNameNS(ns, local).length;
    const signed = [
      'Passi-built Response, assertion signed, hostile attribute values',
      'Passi-built Response, Response and assertion signed',
      'adfs shape (school IdP)',
      'google shape (school IdP)',
      'entra shape (school IdP)',
      'adfs shape, error status',
      'SP metadata',
      ...(xmlsecAvailable ? ['Entra-style Response signed by xmlsec1 (default namespaces)'] : []),
    ];
    for (const name of signed) expect(count(name, NS.ds, 'Signature'), name).toBeGreaterThan(0);
    const encrypted = [
      'Passi-built Response, assertion encrypted (AES-GCM)',
      'adfs shape (school IdP)',
      'generic shape (school IdP)',
      ...(xmlsecAvailable
        ? ['ADFS-style Response, assertion encrypted (AES-256-CBC) and Response signed by xmlsec1']
        : []),
    ];
    for (const name of encrypted) expect(count(name, NS.xenc, 'EncryptedData'), name).toBe(1);
  });

  it('refuses the committed DOCTYPE, entity and two-root fixtures as parseXml does', () => {
    const response = real['google shape (school IdP)'] ?? '';
    const templates = [
      'sp-12.xsw10-doctype-entities.xml',
      'sp-13.doctype-attlist-namespace.xml',
      'sp-16.two-roots.xml',
      'sp-16.trailing-text.xml',
      'sp-17.billion-laughs.xml',
      'sp-17.external-dtd.xml',
      'sp-17.xxe-file.xml',
    ];
    for (const name of templates) {
      const xml = fixture(`../upstream-saml/${name}`).replace('{{RESPONSE}}', response);
      expectRefused(xml);
    }
    for (const name of [
      'authnrequest.billion-laughs.xml',
      'authnrequest.doctype-entity.xml',
      'authnrequest.malformed.unclosed.xml',
      'authnrequest.two-roots.xml',
      'authnrequest.unbound-prefix.xml',
    ]) {
      expectRefused(fixture(name));
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Random namespace trees and mutations

describe('readXml on seeded random namespace trees, as parseXml', () => {
  it('reads 400 serialised random trees to the same tree', () => {
    const serializer = new XMLSerializer();
    let accepted = 0;
    const { compared, nested } = eachRandomTree(0x7ead, 400, (_parsed, doc) => {
      const xml = serializer.serializeToString(doc);
      expectContract(xml);
      if (attempt(() => readXml(xml)).kind === 'accepted') accepted++;
    });
    expect(compared).toBeGreaterThan(250);
    expect(nested).toBeGreaterThan(50);
    expect(accepted).toBe(compared);
  });
});

/** Random trees written out, as fuzzing seeds with namespace declarations everywhere. */
function randomTreeSeeds(count: number): string[] {
  const serializer = new XMLSerializer();
  const seeds: string[] = [];
  eachRandomTree(0x5eed, count, (_parsed, doc) => {
    seeds.push(serializer.serializeToString(doc));
  });
  return seeds;
}

interface FuzzRun {
  readonly cases: number;
  readonly accepted: number;
  readonly refused: number;
  readonly failures: ReadonlyMap<string, string[]>;
}

function fuzz(seeds: readonly string[], cases: number, seed: number): FuzzRun {
  const r = rng(seed);
  const failures = new Map<string, string[]>();
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < cases; i++) {
    const xml = mutate(r.pick(seeds), r);
    const { problem, parseXmlAccepts } = judge(xml);
    if (parseXmlAccepts) accepted++;
    else refused++;
    if (problem === undefined) continue;
    const inputs = failures.get(problem.category) ?? [];
    inputs.push(xml);
    failures.set(problem.category, inputs);
  }
  return { cases, accepted, refused, failures };
}

/** One line per kind of disagreement: how many cases, the shortest input cut down, what each parser said. */
function report(failures: ReadonlyMap<string, string[]>): string[] {
  let shrunk = 0;
  return [...failures].map(([category, inputs]) => {
    const shortest = inputs.reduce((a, b) => (b.length < a.length ? b : a));
    const minimal =
      shrunk++ < 20
        ? shrink(shortest, (candidate) => contractProblem(candidate)?.category === category)
        : shortest;
    const detail = contractProblem(minimal)?.detail ?? '';
    return `${category} — ${inputs.length} case(s); minimal input ${JSON.stringify(minimal)}: ${detail}`;
  });
}

describe('readXml on seeded mutations, as parseXml', () => {
  it('agrees on 2,500 mutations of hand-written documents and random trees', () => {
    const seeds = [...Object.values(HAND_WRITTEN_DOCUMENTS), ...randomTreeSeeds(12)];
    const run = fuzz(seeds, 2500, 0x1e55);
    // Both kinds of input are exercised: a mutation that always broke the document would test little.
    expect(run.accepted).toBeGreaterThan(run.cases / 10);
    expect(run.refused).toBeGreaterThan(run.cases / 10);
    expect(report(run.failures), 'readXml and parseXml disagree').toEqual([]);
  });

  it('agrees on 1,000 mutations of the real Responses', () => {
    const seeds = Object.values(real);
    const run = fuzz(seeds, 1000, 0xada5);
    expect(run.accepted).toBeGreaterThan(run.cases / 10);
    expect(run.refused).toBeGreaterThan(run.cases / 10);
    expect(report(run.failures), 'readXml and parseXml disagree').toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Explicit cases

const nested = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;

/** Refused by XML 1.0 or Namespaces in XML 1.0 (or by Passi's hardening); the reason cited. */
/** `count` attributes `a0=""` … , each with `prefix` (`p:`) when given. */
function manyAttributes(count: number, prefix = ''): string {
  return Array.from({ length: count }, (_, i) => `${prefix}a${i}=""`).join(' ');
}

const REFUSALS: Readonly<Record<string, string>> = {
  'a DOCTYPE (Passi accepts none)': '<!DOCTYPE a><a/>',
  'a DOCTYPE with an internal subset': '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
  'an undefined entity (XML 1.0 §4.1 WFC: Entity Declared)': '<a>&foo;</a>',
  'an undefined entity in an attribute value': '<a b="&foo;"/>',
  'a reference to NUL (XML 1.0 §4.1 WFC: Legal Character)': '<a>&#0;</a>',
  'a reference to NUL in an attribute value': '<a b="&#x0;"/>',
  'a reference to a C0 control': '<a>&#1;</a>',
  'a reference to a surrogate': '<a>&#xD800;</a>',
  'a reference to U+FFFE': '<a>&#xFFFE;</a>',
  'a reference beyond U+10FFFF': '<a>&#x110000;</a>',
  'a character reference without digits': '<a>&#x;</a>',
  'NUL as a character (XML 1.0 §2.2)': '<a>\u0000</a>',
  'an unclosed tag (XML 1.0 §3)': '<a><b></a>',
  'an unclosed root': '<a>',
  'a start tag never ended': '<a',
  'a mismatched end tag (XML 1.0 §3 WFC: Element Type Match)': '<a></b>',
  'an end tag that closes nothing': '<a/></a>',
  'a duplicate attribute (XML 1.0 §3.1 WFC: Unique Att Spec)': '<a b="1" b="2"/>',
  'a duplicate namespace declaration': '<a xmlns:p="urn:x" xmlns:p="urn:x"/>',
  'a duplicate attribute among many (counted with a set, read-xml.ts refuseRepeated)': `<a ${manyAttributes(40)} a7="x"/>`,
  'a duplicate expanded attribute name among many': `<a xmlns:p="urn:x" xmlns:q="urn:x" ${manyAttributes(40, 'p:')} q:a39="x"/>`,
  'a duplicate expanded attribute name (Namespaces in XML §6.3)':
    '<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>',
  'a duplicate expanded attribute name, one prefix declared on the parent':
    '<a xmlns:p="urn:x"><b xmlns:q="urn:x" p:c="1" q:c="2"/></a>',
  'an undeclared prefix on an element (Namespaces in XML §5)': '<p:a/>',
  'an undeclared prefix on an attribute': '<a p:b="1"/>',
  'a prefix used outside the element that declares it': '<a><b xmlns:p="urn:p"/><p:c/></a>',
  'a prefix undeclared with xmlns:p="" (Namespaces in XML 1.0 §3, allowed only in 1.1)': '<a xmlns:p=""/>',
  'the xml prefix bound to another name (Namespaces in XML §3)': '<a xmlns:xml="urn:x"/>',
  'another prefix bound to the XML namespace': '<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>',
  'the XML namespace as the default namespace': '<a xmlns="http://www.w3.org/XML/1998/namespace"/>',
  'the xmlns prefix declared': '<a xmlns:xmlns="urn:x"/>',
  'a prefix bound to the xmlns namespace': '<a xmlns:p="http://www.w3.org/2000/xmlns/"/>',
  'the xmlns namespace as the default namespace': '<a xmlns="http://www.w3.org/2000/xmlns/"/>',
  'the xmlns namespace as the default namespace, on a prefixed element':
    '<p:a xmlns:p="urn:p" xmlns="http://www.w3.org/2000/xmlns/"/>',
  'an element in the xmlns prefix': '<xmlns:a/>',
  'a < in an attribute value (XML 1.0 §3.1 WFC: No < in Attribute Values)': '<a b="<"/>',
  'an attribute without a value': '<a b></a>',
  'an unquoted attribute value': '<a b=c/>',
  'no space between attributes': '<a b="1"c="2"/>',
  ']]> in text (XML 1.0 §2.4)': '<a>]]></a>',
  'a bare & in text (XML 1.0 §2.4)': '<a>&</a>',
  'a bare & in an attribute value (XML 1.0 §3.1 AttValue)': '<a b="a & b"/>',
  'a reference without a name': '<a>&;</a>',
  'an empty-element tag ending in //> (XML 1.0 §3.1 EmptyElemTag)': '<a//>',
  'a space between / and > in an empty-element tag': '<a/ >',
  'a comment holding -- (XML 1.0 §2.5)': '<a><!-- x -- y --></a>',
  'a comment ending in --->': '<a><!-- x ---></a>',
  'text after the root (XML 1.0 §2.1)': '<a/>x',
  'a character reference after the root': '<a/>&#32;',
  'a no-break space after the root (XML 1.0 §2.3: S is space, TAB, CR and LF only)': '<a/>\u00a0',
  'a byte order mark after the root': '<a/>\ufeff',
  'a CDATA section after the root (XML 1.0 §2.1: only comments, PIs and S follow it)': '<a/><![CDATA[x]]>',
  'text before the root': 'x<a/>',
  'a second element after the root': '<a/><b/>',
  'no root at all': '<!-- nothing -->',
  'an empty document': '',
  'only whitespace': ' \n',
  'an XML declaration not at the start (XML 1.0 §2.8)': ' <?xml version="1.0"?><a/>',
  'a second XML declaration': '<?xml version="1.0"?><?xml version="1.0"?><a/>',
  'an XML declaration without a version': '<?xml encoding="UTF-8"?><a/>',
  'an XML declaration for version 2.0': '<?xml version="2.0"?><a/>',
  'a byte order mark as a character (parseXml refuses it)': '\ufeff<a/>',
  'a byte order mark before the XML declaration': '\ufeff<?xml version="1.0"?><a/>',
  'nesting one deeper than MAX_XML_DEPTH': nested(MAX_XML_DEPTH + 1),
  'nesting 20,000 deep': nested(20_000),
};

/** Processing instructions: readXml refuses them where xmldom does not (contract 1's exception). */
const PROCESSING_INSTRUCTIONS: Readonly<Record<string, string>> = {
  'a processing instruction in the body': '<a><?pi x?></a>',
  'a processing instruction inside a signed-looking element': `<a xmlns:ds="${NS.ds}"><ds:Signature><?pi?></ds:Signature></a>`,
  'a processing instruction before the root': '<?pi x?><a/>',
  'a processing instruction after the root': '<a/><?pi x?>',
  'a stylesheet instruction after the XML declaration':
    '<?xml version="1.0"?><?xml-stylesheet href="x"?><a/>',
  'an XML declaration inside the root': '<a><?xml version="1.0"?></a>',
};

describe('readXml refuses as parseXml does', () => {
  for (const [name, xml] of Object.entries(REFUSALS)) {
    it(`refuses ${name}`, () => expectRefused(xml));
  }

  for (const [name, xml] of Object.entries(PROCESSING_INSTRUCTIONS)) {
    it(`refuses ${name}`, () =>
      expectRefused(xml, ErrorCodes.REQUEST_INVALID, { processingInstruction: true }));
  }

  it('refuses a document over maxBytes, counted in UTF-8 bytes, with REQUEST_TOO_LARGE', () => {
    // 10 UTF-16 units, 11 UTF-8 bytes.
    expectRefused('<a>ää</a>', ErrorCodes.REQUEST_TOO_LARGE, { maxBytes: 10 });
    expectRefused(`<a>${'x'.repeat(300 * 1024)}</a>`, ErrorCodes.REQUEST_TOO_LARGE);
    // Size comes before everything else, as in parseXml.
    expectRefused('<!DOCTYPE a><a>x</a>', ErrorCodes.REQUEST_TOO_LARGE, { maxBytes: 10 });
    expectAcceptedAlike('<a>ää</a>', { maxBytes: 11 });
  });
});

describe('readXml accepts as parseXml does, with the same tree', () => {
  it('comments anywhere, an empty one included', () => {
    const root = expectAcceptedAlike('<!--a--><r><!--b-->x<!---->y<!--c--></r><!--d-->');
    expect(root.textContent).toBe('xy');
  });

  it('CDATA sections, one holding markup and a split ]]>', () => {
    const root = expectAcceptedAlike('<r>a<![CDATA[<&>]]]]><![CDATA[>]]>b</r>');
    expect(root.textContent).toBe('a<&>]]>b');
    expect(root.firstChild?.nextSibling?.nodeType).toBe(4);
  });

  it('character references and the five predefined entities (XML 1.0 §4.1, §4.6)', () => {
    const root = expectAcceptedAlike(
      '<r a="&#10;&#x9;&#13;&lt;&amp;&quot;&apos;&gt;&#x1F393;">&#10;&#x9;&#13;&lt;&gt;&amp;&quot;&apos;&#65;</r>',
    );
    expect(root.getAttribute('a')).toBe('\n\t\r<&"\'>🎓');
    expect(root.textContent).toBe('\n\t\r<>&"\'A');
  });

  it('TAB, LF, CR and CRLF in attribute values, normalised to spaces (XML 1.0 §3.3.3)', () => {
    const root = expectAcceptedAlike('<r a="x\ty\nz\rw\r\nv" b=\'&#9;\t\'/>');
    expect(root.getAttribute('a')).toBe('x y z w v');
    expect(root.getAttribute('b')).toBe('\t ');
  });

  it('CRLF and lone CR line ends, in text, CDATA and comments (XML 1.0 §2.11)', () => {
    const root = expectAcceptedAlike('<r>a\r\nb\rc\n<![CDATA[d\r\ne\rf]]><!--g\r\nh\ri-->&#13;</r>\r\n');
    expect(root.textContent).toBe('a\nb\nc\nd\ne\nf\r');
  });

  it('an XML declaration at the start, whitespace and comments around the root', () => {
    expectAcceptedAlike(
      '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!--c-->\r\n<r/>\n \t<!--d-->\n',
    );
    expectAcceptedAlike("<?xml version='1.0'?><r/>");
  });

  it('namespaces: the default undeclared with xmlns="", a prefix redeclared at depth, xml:lang', () => {
    const root = expectAcceptedAlike(
      '<p:r xmlns:p="urn:p" xmlns="urn:d"><a xmlns=""><p:b xmlns:p="urn:p2" p:c="1" xml:lang="fi"/></a><p:d/></p:r>',
    );
    expect(root.getElementsByTagNameNS('urn:p2', 'b').item(0)?.getAttributeNS(NS.xml, 'lang')).toBe('fi');
    expect(root.getElementsByTagNameNS(null, 'a').length).toBe(1);
    expect(root.getElementsByTagNameNS('urn:p', 'd').length).toBe(1);
  });

  it('the xml prefix declared to its own namespace (Namespaces in XML §3 allows it)', () => {
    expectAcceptedAlike(`<r xmlns:xml="${NS.xml}" xml:lang="sv"/>`);
  });

  it('many attributes and declarations on one element (the set path of the duplicate checks)', () => {
    const declarations = Array.from({ length: 40 }, (_, i) => `xmlns:n${i}="urn:n${i}"`).join(' ');
    const root = expectAcceptedAlike(
      `<a xmlns:p="urn:x" ${declarations} ${manyAttributes(40)} ${manyAttributes(40, 'p:')} n39:b="y"/>`,
    );
    expect(root.attributes.length).toBe(122);
    expect(root.getAttributeNS('urn:n39', 'b')).toBe('y');
  });

  it('one URI under two prefixes, with different local names', () => {
    expectAcceptedAlike('<r xmlns:p="urn:x" xmlns:q="urn:x" p:a="1" q:b="2" a="3"/>');
  });

  it('an empty CDATA section between text, and alone', () => {
    expect(expectAcceptedAlike('<r>y<![CDATA[]]>z</r>').textContent).toBe('yz');
    expect(expectAcceptedAlike('<r><![CDATA[]]></r>').textContent).toBe('');
  });

  it('> and ]] in text, ]]> and > in attribute values, both quote styles', () => {
    const root = expectAcceptedAlike(`<r a="]]>" b='"' c="'">x > y ]] z</r >`);
    expect(root.textContent).toBe('x > y ]] z');
  });

  it('nesting exactly MAX_XML_DEPTH deep, and a size of exactly maxBytes', () => {
    expectAcceptedAlike(nested(MAX_XML_DEPTH));
    expectAcceptedAlike(`<a>${'<b/>'.repeat(500)}<!--<c>--><![CDATA[<d>]]></a>`);
    expectAcceptedAlike('<a>ää</a>', { maxBytes: 11 });
  });

  it('every hand-written fuzzing seed', () => {
    for (const xml of Object.values(HAND_WRITTEN_DOCUMENTS)) expectAcceptedAlike(xml);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The comparison itself can fail

describe('the tree comparison', () => {
  // Two documents parseXml reads differently in exactly one respect: the comparison must name it.
  const PAIRS: [string, string, string][] = [
    ['<a b="1"/>', '<a b="2"/>', 'attribute value'],
    ['<a b="1" c="2"/>', '<a c="2" b="1"/>', 'attribute 0 name'],
    ['<a xmlns:p="urn:x" p:b="1"/>', '<a xmlns:p="urn:y" p:b="1"/>', 'attribute value'],
    ['<a xmlns:p="urn:x" p:b="1"/>', '<a xmlns:p="urn:x" b="1"/>', 'attribute 1 name'],
    ['<p:a xmlns:p="urn:x"/>', '<q:a xmlns:q="urn:x"/>', 'tagName'],
    ['<a xmlns="urn:x"/>', '<a xmlns="urn:y"/>', 'namespaceURI'],
    ['<a>x</a>', '<a>y</a>', 'textContent'],
    ['<a>x</a>', '<a><![CDATA[x]]></a>', 'child nodeType'],
    ['<a><!--x--></a>', '<a><!--y--></a>', 'child nodeValue'],
    ['<a><b/></a>', '<a><b/><b/></a>', 'number of children'],
    ['<a><b>x</b></a>', '<a><b>y</b></a>', 'textContent'],
    ['<a><b/><c/></a>', '<a><c/><b/></a>', 'tagName'],
  ];
  for (const [left, right, aspect] of PAIRS) {
    it(`tells ${left} from ${right} (${aspect})`, () => {
      const e = parseXml(left).documentElement;
      const a = parseXml(right).documentElement;
      if (e === null || a === null) throw new Error('no root');
      expect(treeDifference(e, a)?.aspect).toBe(aspect);
      expect(treeDifference(e, parseXml(left).documentElement ?? e)).toBeUndefined();
    });
  }

  it('tells apart trees whose getElementsByTagNameNS answers are other nodes', () => {
    const e = parseXml('<a><b/></a>').documentElement;
    const a = parseXml('<a><b/></a>').documentElement;
    const other = parseXml('<a><b/></a>').documentElement;
    if (e === null || a === null || other === null) throw new Error('no root');
    expect(treeDifference(e, a)).toBeUndefined();
    // The same tree, but its query answers with the nodes of another document.
    Object.defineProperty(a, 'getElementsByTagNameNS', {
      value: (ns: string | null, local: string) => other.getElementsByTagNameNS(ns, local),
    });
    expect(treeDifference(e, a)?.aspect).toBe("getElementsByTagNameNS('*', '*').item(0) (the same node)");
  });
});
