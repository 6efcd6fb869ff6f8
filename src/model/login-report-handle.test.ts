import { describe, expect, it } from 'vitest';
import type { ResolvedIdentity } from '../core/resolved-identity.ts';
import {
  LOGIN_REPORT_HANDLE_URI,
  loginReportHandleOf,
  withLoginReportHandle,
} from './login-report-handle.ts';
import { toOidcClaims } from './render-oidc-claims.ts';
import { toSamlAttributes } from './render-saml-attributes.ts';

const identity: ResolvedIdentity = {
  uid: 'u1',
  attributes: { uid: ['u1'], firstName: ['Testi'] },
  problems: [],
  blocked: false,
};

describe('the login report handle of the built-in test service', () => {
  it('is released in the assertion and as a claim when the resolver added it', () => {
    const withHandle = withLoginReportHandle(identity, 'h-123');
    expect(loginReportHandleOf(withHandle.attributes)).toBe('h-123');
    expect(toSamlAttributes(withHandle.attributes).at(-1)).toEqual({
      name: LOGIN_REPORT_HANDLE_URI,
      friendlyName: 'passiLoginReport',
      nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
      values: ['h-123'],
    });
    expect(toOidcClaims(withHandle.attributes)[LOGIN_REPORT_HANDLE_URI]).toBe('h-123');
  });

  it('is never released without it (every other service)', () => {
    expect(toSamlAttributes(identity.attributes).map((a) => a.name)).not.toContain(LOGIN_REPORT_HANDLE_URI);
    expect(toOidcClaims(identity.attributes)).not.toHaveProperty(LOGIN_REPORT_HANDLE_URI);
    expect(identity.attributes).not.toHaveProperty('passiLoginReport');
  });
});
