import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPassiError } from '../errors.ts';
import { createFormTokens } from './form-token.ts';

describe('form tokens bound to a flow', () => {
  const tokens = createFormTokens(randomBytes(32));
  const code = (f: () => void): string | undefined => {
    try {
      f();
      return undefined;
    } catch (e) {
      return isPassiError(e) ? `${e.code} ${e.status}` : 'other';
    }
  };

  it("accepts the flow's own token", () => {
    expect(code(() => tokens.check('flow-a', tokens.tokenFor('flow-a')))).toBeUndefined();
  });

  it("refuses a missing, empty, altered or another flow's token, and another key's token", () => {
    const good = tokens.tokenFor('flow-a');
    const otherKey = createFormTokens(randomBytes(32)).tokenFor('flow-a');
    for (const bad of [undefined, '', 'x', `${good}x`, good.slice(1), tokens.tokenFor('flow-b'), otherKey]) {
      expect(code(() => tokens.check('flow-a', bad))).toBe('PASSI_FORM_TOKEN_INVALID 403');
    }
  });

  it('is not the flow id (the cookie value never appears in the page)', () => {
    expect(tokens.tokenFor('flow-a')).not.toContain('flow-a');
  });
});
