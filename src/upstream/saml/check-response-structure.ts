/**
 * Structure of a school IdP's Response, checked on the parsed (not yet verified) document before any
 * signature work (SAML Core 2.0 §5, §6; docs/integrations/saml.md "What Passi requires of a
 * response (security)"): the root is
 * samlp:Response; IDs are unique NCNames; exactly one Assertion or EncryptedAssertion, as a direct child,
 * and no other Assertion anywhere (XSW1–XSW8, Extensions, ds:Object, Advice); every ds:Signature is a
 * direct child of the Response or of that Assertion, one each, with an allowed shape; encryption only
 * with RSA-OAEP key transport and AES-GCM (CBC only inside a signed Response).
 */
import { type ErrorCode, ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { isElement } from '../../protocols/saml/canonical-xml.ts';
import { signatureShapeProblem } from '../../protocols/saml/check-signature-shape.ts';
import { NS, STATUS } from '../../protocols/saml/namespaces.ts';
import { childElement, childElements } from '../../protocols/saml/xml-dom.ts';
import type { XmlElementView } from '../../protocols/saml/xml-view.ts';

export interface ResponseShape {
  response: XmlElementView;
  inResponseTo: string | undefined;
  statusCode: string;
  subStatusCode: string | undefined;
  assertion: XmlElementView | undefined;
  encryptedAssertion: XmlElementView | undefined;
  responseSigned: boolean;
  assertionSigned: boolean;
  /** The EncryptedAssertion uses CBC content encryption (allowed only inside a verified Response signature). */
  cbc: boolean;
}

const GCM = new Set([
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
]);
const CBC = new Set([
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
]);
/** RSA-OAEP only; rsa-1_5 refused (Bleichenbacher; XML Encryption 1.1 §5.5.1). */
const KEY_TRANSPORT = new Set([
  'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  'http://www.w3.org/2009/xmlenc11#rsa-oaep',
]);

const XINCLUDE = 'http://www.w3.org/2001/XInclude';

/** XML Namespaces §3 NCName (ASCII subset SAML IdPs use; xs:ID). */
const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

export function rejected(reason: string, code: ErrorCode = ErrorCodes.UPSTREAM_ANSWER_INVALID): PassiError {
  return new PassiError(code, `SAML response rejected: ${reason}`, { detail: { reason } });
}

export function checkResponseStructure(
  root: XmlElementView,
  expected: { idpEntityId: string; acsUrls: readonly string[] },
): ResponseShape {
  if (root.namespaceURI !== NS.samlp || root.localName !== 'Response')
    throw rejected('the root element is not samlp:Response');
  if (root.getAttribute('Version') !== '2.0') throw rejected('Version must be 2.0');
  checkIds(root);
  // SAML Core 2.0 §3.2.2: Issuer?, Signature?, Extensions?, Status, (Assertion | EncryptedAssertion)*.
  // Passi's IdPs send no Extensions in a Response; refusing them closes XSW7 without a schema (SP-30).
  for (const child of childElements(root)) {
    const allowed =
      (child.namespaceURI === NS.saml &&
        ['Issuer', 'Assertion', 'EncryptedAssertion'].includes(child.localName ?? '')) ||
      (child.namespaceURI === NS.samlp && child.localName === 'Status') ||
      (child.namespaceURI === NS.ds && child.localName === 'Signature');
    if (!allowed) throw rejected(`unexpected element ${child.localName ?? ''} in the Response`);
  }
  const found = census(root);
  if (found.xinclude > 0) throw rejected('XInclude is not accepted');

  const issuer = childElement(root, NS.saml, 'Issuer');
  if (issuer !== null && (issuer.textContent ?? '').trim() !== expected.idpEntityId)
    throw rejected('the Response Issuer is not this integration’s IdP');
  // SAML Bindings 2.0 §3.5.5.2: Destination = our ACS (node-saml does not check it).
  const destination = root.getAttribute('Destination') ?? '';
  if (!expected.acsUrls.includes(destination)) throw rejected('Destination is not this integration’s ACS');

  const status = childElement(root, NS.samlp, 'Status');
  const top = status === null ? null : childElement(status, NS.samlp, 'StatusCode');
  const statusCode = top?.getAttribute('Value') ?? '';
  if (statusCode === '') throw rejected('no StatusCode');
  const sub = top === null ? null : childElement(top, NS.samlp, 'StatusCode');

  const direct = childElements(root);
  const assertions = direct.filter((e) => e.namespaceURI === NS.saml && e.localName === 'Assertion');
  const encrypted = direct.filter((e) => e.namespaceURI === NS.saml && e.localName === 'EncryptedAssertion');
  const { assertions: allAssertions, encrypted: allEncrypted, lookAlikes } = found;

  if (statusCode !== STATUS.success) {
    // SAML Profiles §4.1.4.2: an error Response carries no assertion (SP-25).
    if (allAssertions + allEncrypted + lookAlikes > 0) throw rejected('an error status with an assertion');
    return {
      response: root,
      inResponseTo: root.getAttribute('InResponseTo') || undefined,
      statusCode,
      subStatusCode: sub?.getAttribute('Value') || undefined,
      assertion: undefined,
      encryptedAssertion: undefined,
      responseSigned: false,
      assertionSigned: false,
      cbc: false,
    };
  }
  if (assertions.length + encrypted.length !== 1)
    throw rejected('exactly one Assertion or EncryptedAssertion required');
  if (
    allAssertions !== assertions.length ||
    allEncrypted !== encrypted.length ||
    lookAlikes !== assertions.length
  )
    throw rejected('an Assertion outside its place (signature wrapping)');
  const assertion = assertions[0];
  const encryptedAssertion = encrypted[0];

  let responseSigned = false;
  let assertionSigned = false;
  for (const sig of found.signatures) {
    const parent = sig.parentNode;
    const signed =
      parent === root ? root : parent === assertion && assertion !== undefined ? assertion : undefined;
    if (signed === undefined)
      throw rejected('a Signature outside the Response or Assertion', ErrorCodes.UPSTREAM_ANSWER_INVALID);
    if (signed === root ? responseSigned : assertionSigned)
      throw rejected('more than one Signature on one element', ErrorCodes.UPSTREAM_ANSWER_INVALID);
    const problem = signatureShapeProblem(sig, signed);
    if (problem !== undefined) throw rejected(problem, ErrorCodes.UPSTREAM_ANSWER_INVALID);
    if (signed === root) responseSigned = true;
    else assertionSigned = true;
  }

  let cbc = false;
  if (encryptedAssertion !== undefined) cbc = checkEncryption(encryptedAssertion, responseSigned);

  return {
    response: root,
    inResponseTo: root.getAttribute('InResponseTo') || undefined,
    statusCode,
    subStatusCode: sub?.getAttribute('Value') || undefined,
    assertion,
    encryptedAssertion,
    responseSigned,
    assertionSigned,
    cbc,
  };
}

interface Census {
  /** Elements in the XInclude namespace. */
  xinclude: number;
  /** saml:Assertion elements, wherever they are. */
  assertions: number;
  /** saml:EncryptedAssertion elements, wherever they are. */
  encrypted: number;
  /** Elements named Assertion in any namespace, so a look-alike cannot hide a second one. */
  lookAlikes: number;
  /** ds:Signature elements, in document order. */
  signatures: XmlElementView[];
}

/**
 * The Response's descendants counted in one walk, in document order: what one `getElementsByTagNameNS`
 * per name found, each of which walked the whole document again (docs/performance.md "Less garbage per
 * login"). The depth is bounded by the parser (parse-xml.ts MAX_XML_DEPTH).
 */
function census(root: XmlElementView): Census {
  const found: Census = { xinclude: 0, assertions: 0, encrypted: 0, lookAlikes: 0, signatures: [] };
  const walk = (parent: XmlElementView): void => {
    for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
      if (!isElement(node)) continue;
      const ns = node.namespaceURI;
      const local = node.localName;
      if (ns === XINCLUDE) found.xinclude++;
      if (local === 'Assertion') {
        found.lookAlikes++;
        if (ns === NS.saml) found.assertions++;
      } else if (local === 'EncryptedAssertion' && ns === NS.saml) found.encrypted++;
      else if (local === 'Signature' && ns === NS.ds) found.signatures.push(node);
      walk(node);
    }
  };
  walk(root);
  return found;
}

/** Checks a decrypted Assertion the same way (SAML Core 2.0 §6.1: the decrypted element gets every check again). */
export function checkDecryptedAssertion(assertion: XmlElementView): { signed: boolean } {
  if (assertion.namespaceURI !== NS.saml || assertion.localName !== 'Assertion')
    throw rejected('EncryptedAssertion does not hold an Assertion');
  checkIds(assertion);
  if (assertion.getElementsByTagNameNS('*', 'Assertion').length !== 0)
    throw rejected('an Assertion inside the decrypted Assertion (signature wrapping)');
  const signatures = assertion.getElementsByTagNameNS(NS.ds, 'Signature');
  if (signatures.length > 1)
    throw rejected('more than one Signature in the Assertion', ErrorCodes.UPSTREAM_ANSWER_INVALID);
  const sig = signatures.item(0);
  if (sig === null) return { signed: false };
  const problem = signatureShapeProblem(sig, assertion);
  if (problem !== undefined) throw rejected(problem, ErrorCodes.UPSTREAM_ANSWER_INVALID);
  return { signed: true };
}

function checkEncryption(encryptedAssertion: XmlElementView, responseSigned: boolean): boolean {
  const data = encryptedAssertion.getElementsByTagNameNS(NS.xenc, 'EncryptedData');
  if (data.length !== 1) throw rejected('EncryptedAssertion must hold exactly one EncryptedData');
  const dataEl = data.item(0);
  const method = dataEl === null ? null : childElement(dataEl, NS.xenc, 'EncryptionMethod');
  const alg = method?.getAttribute('Algorithm') ?? '';
  let cbc = false;
  if (CBC.has(alg)) {
    // Unauthenticated CBC is a padding oracle unless the ciphertext is covered by a verified signature.
    if (!responseSigned) throw rejected('CBC encryption without a signed Response');
    cbc = true;
  } else if (!GCM.has(alg)) {
    throw rejected(`content encryption ${alg || '(none)'} not allowed`);
  }
  const keys = encryptedAssertion.getElementsByTagNameNS(NS.xenc, 'EncryptedKey');
  if (keys.length === 0) throw rejected('no EncryptedKey');
  for (let i = 0; i < keys.length; i++) {
    const key = keys.item(i);
    const keyAlg =
      key === null ? '' : (childElement(key, NS.xenc, 'EncryptionMethod')?.getAttribute('Algorithm') ?? '');
    if (!KEY_TRANSPORT.has(keyAlg)) throw rejected(`key transport ${keyAlg || '(none)'} not allowed`);
  }
  return cbc;
}

function checkIds(root: XmlElementView): void {
  const seen = new Set<string>();
  const stack: XmlElementView[] = [root];
  for (let e = stack.pop(); e !== undefined; e = stack.pop()) {
    for (const name of ['ID', 'Id', 'id']) {
      const value = e.getAttribute(name);
      if (value === null || value === '') continue;
      if (!NCNAME.test(value)) throw rejected(`${name} "${value.slice(0, 64)}" is not an NCName`);
      if (seen.has(value)) throw rejected('duplicate ID (signature wrapping)');
      seen.add(value);
    }
    stack.push(...childElements(e));
  }
}
