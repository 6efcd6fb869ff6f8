import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { type AuthnRequestContext, authnRequestRefusedFrom, parseAuthnRequest } from './authn-request.ts';
import { fixture, MINIMAL_REQUEST_NOW, SSO_URLS } from './fixtures.test-data.ts';

const ctx: AuthnRequestContext = { clock: fixedClock(MINIMAL_REQUEST_NOW), ssoUrls: SSO_URLS };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PassiError) return e.code;
    throw e;
  }
  return undefined;
}

describe('parseAuthnRequest', () => {
  it('reads every field of a typical request', () => {
    const r = parseAuthnRequest(fixture('authnrequest.minimal.xml'), ctx);
    expect(r).toEqual({
      id: '_4f1e2a9c0b7d4e3f8a6b5c4d3e2f1a0b',
      issueInstant: new Date('2026-11-28T09:59:30Z'),
      destination: 'https://passi.example/idp/profile/SAML2/POST/SSO',
      issuer: 'https://sp.example/shibboleth',
      assertionConsumerServiceUrl: 'https://sp.example/acs',
      assertionConsumerServiceIndex: undefined,
      protocolBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      forceAuthn: true,
      isPassive: false,
      nameIdPolicy: {
        format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        allowCreate: true,
        spNameQualifier: undefined,
      },
      requestedAuthnContext: {
        comparison: 'exact',
        classRefs: ['urn:mpass.id:authnsource:test-directory', 'urn:mpass.id:authntag:primarySchool'],
      },
    });
  });

  const minimal = fixture('authnrequest.minimal.xml');
  const refused: [string, string, string][] = [
    ['DOCTYPE with an entity', fixture('authnrequest.doctype-entity.xml'), ErrorCodes.REQUEST_INVALID],
    ['billion laughs', fixture('authnrequest.billion-laughs.xml'), ErrorCodes.REQUEST_INVALID],
    ['not well-formed', fixture('authnrequest.malformed.unclosed.xml'), ErrorCodes.REQUEST_INVALID],
    ['two root elements', fixture('authnrequest.two-roots.xml'), ErrorCodes.REQUEST_INVALID],
    ['unbound prefix', fixture('authnrequest.unbound-prefix.xml'), ErrorCodes.REQUEST_INVALID],
    ['ACS index with ACS URL', fixture('authnrequest.acs-index-and-url.xml'), ErrorCodes.REQUEST_INVALID],
    [
      'oversized',
      minimal.replace('</samlp:AuthnRequest>', `<!--${'x'.repeat(300_000)}--></samlp:AuthnRequest>`),
      ErrorCodes.REQUEST_TOO_LARGE,
    ],
    ['Version 1.1', minimal.replace('Version="2.0"', 'Version="1.1"'), ErrorCodes.REQUEST_INVALID],
    [
      'IssueInstant in the future',
      minimal.replace('2026-11-28T09:59:30Z', '2026-11-28T10:05:00Z'),
      ErrorCodes.REQUEST_INVALID,
    ],
    [
      'IssueInstant too old',
      minimal.replace('2026-11-28T09:59:30Z', '2026-11-28T09:50:00Z'),
      ErrorCodes.REQUEST_INVALID,
    ],
    [
      'IssueInstant not UTC',
      minimal.replace('2026-11-28T09:59:30Z', '2026-11-28T11:59:30+02:00'),
      ErrorCodes.REQUEST_INVALID,
    ],
    [
      'Destination elsewhere',
      minimal.replace('https://passi.example/idp/profile/SAML2/POST/SSO', 'https://other.example/sso'),
      ErrorCodes.REQUEST_INVALID,
    ],
    [
      'no Issuer',
      minimal.replace('<saml:Issuer>https://sp.example/shibboleth</saml:Issuer>', ''),
      ErrorCodes.REQUEST_INVALID,
    ],
    ['ID not an NCName', minimal.replace('ID="_4f1e', 'ID="1f1e'), ErrorCodes.REQUEST_INVALID],
    ['bad boolean', minimal.replace('ForceAuthn="true"', 'ForceAuthn="yes"'), ErrorCodes.REQUEST_INVALID],
    [
      'not an AuthnRequest',
      minimal.replaceAll('samlp:AuthnRequest', 'samlp:LogoutRequest'),
      ErrorCodes.REQUEST_INVALID,
    ],
  ];
  for (const [name, xml, code] of refused) {
    it(`refuses: ${name}`, () => {
      expect(codeOf(() => parseAuthnRequest(xml, ctx))).toBe(code);
    });
  }

  it('accepts IssueInstant within the clock-skew window', () => {
    const xml = minimal.replace('2026-11-28T09:59:30Z', '2026-11-28T10:02:00.123Z');
    expect(parseAuthnRequest(xml, ctx).issueInstant.toISOString()).toBe('2026-11-28T10:02:00.123Z');
  });

  it('reports VersionMismatch as the SAML status for the error response', () => {
    try {
      parseAuthnRequest(minimal.replace('Version="2.0"', 'Version="1.1"'), ctx);
    } catch (e) {
      expect(e instanceof PassiError && e.detail?.samlStatus).toBe(
        'urn:oasis:names:tc:SAML:2.0:status:VersionMismatch',
      );
    }
  });
});

describe('how long a request stays acceptable (and its ID must be remembered)', () => {
  const issued = new Date('2026-11-28T09:59:30Z');
  const refusedFrom = authnRequestRefusedFrom(issued, { clockSkewMs: 60_000 });
  const at = (ms: number) => () =>
    parseAuthnRequest(fixture('authnrequest.minimal.xml'), {
      ...ctx,
      clock: fixedClock(new Date(ms)),
      clockSkewMs: 60_000,
    });

  it('is accepted up to the last millisecond before authnRequestRefusedFrom, refused from it on', () => {
    expect(refusedFrom.getTime()).toBe(issued.getTime() + 5 * 60_000 + 60_000 + 1);
    expect(at(refusedFrom.getTime() - 1)).not.toThrow();
    expect(codeOf(at(refusedFrom.getTime()))).toBe(ErrorCodes.REQUEST_INVALID);
  });
});
