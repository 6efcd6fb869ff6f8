import type { ResponseInput } from './build-response.ts';

/** Shared test data for the SAML response tests. */
export const NOW = new Date('2026-11-28T10:00:00Z');
/** Attribute value with every escaping hazard: markup, quotes, CDATA end, CR/LF/TAB, non-ASCII, XML 1.1 line end. */
export const HOSTILE = `a<b & "c" 'd' ]]> </saml:AttributeValue><x/> \r\n\ttab ä 🎓 \u2028 end`;

export function sampleInput(overrides: Partial<ResponseInput> = {}): ResponseInput {
  return {
    issuer: 'https://passi.example/idp/shibboleth',
    audience: 'https://sp.example/shibboleth',
    recipient: 'https://sp.example/acs',
    destination: 'https://sp.example/acs',
    inResponseTo: '_req123',
    nameId: { value: 'AAdzZWNyZXQx', format: 'transient' },
    authnContextClassRef: 'urn:mpass.id:authnsource:test-directory',
    authnInstant: NOW,
    sessionIndex: '_sess1',
    attributes: [
      { name: 'urn:mpass.id:uid', friendlyName: 'mpassUsername', values: ['MPASSOID.abc'] },
      {
        name: 'urn:mpass.id:role',
        friendlyName: 'mpassRole',
        values: ['1.2.246.562.10.1;00001;2;Opettaja', HOSTILE],
      },
      { name: 'urn:mpass.id:empty', values: [''] },
    ],
    now: NOW,
    ...overrides,
  };
}
