import { describe, expect, it } from 'vitest';
import { acceptedIdTokenAlgs, ID_TOKEN_ALGS } from './oidc-rp.ts';

describe('acceptedIdTokenAlgs (the alg allow-list, RFC 8725 §3.1, OIDC Core §3.1.3.7)', () => {
  it.each([
    ['an OP offering everything', ['none', 'HS256', 'RS256', 'ES256', 'PS256', 'EdDSA'], ID_TOKEN_ALGS],
    ['an RS256-only OP (Entra ID)', ['RS256'], ['RS256']],
    ['an OP that does not say (OIDC Discovery §3: RS256 is mandatory)', undefined, ['RS256']],
    ['an OP with HS256 and none only', ['HS256', 'none'], []],
    ['an OP with RS512 only', ['RS512'], []],
  ])('%s', (_, advertised, expected) => {
    expect(acceptedIdTokenAlgs(advertised)).toEqual(expected);
  });
});
