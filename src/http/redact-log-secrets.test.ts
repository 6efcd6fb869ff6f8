import { describe, expect, it } from 'vitest';
import { redactLogSecrets } from './redact-log-secrets.ts';

const REDACTED = '[redacted]';

describe('redactLogSecrets', () => {
  it('returns a line without secrets as it is, without a copy', () => {
    const line = { event: 'login.completed', flowId: 'f1', service: { id: 's1', name: 'Oppi' }, n: 3 };
    expect(redactLogSecrets(line)).toBe(line);
  });

  it('cuts every secret name one level below any key, and leaves the caller’s objects unchanged', () => {
    const config = { clientId: 'c1', clientSecret: 'cs-1', sharedSecret: 'ss-1', secret: 's-1' };
    const form = { SAMLResponse: 'PHNhbWxw', RelayState: 'r1', password: 'pw-1' };
    const tokens = { id_token: 'eyJ.a', access_token: 'at-1', refresh_token: 'rt-1', client_secret: 'x' };
    const line = { config, form, tokens, request: { SAMLRequest: 'fZJd' } };
    const out = redactLogSecrets(line);
    expect(out).not.toBe(line);
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      config: { clientId: 'c1', clientSecret: REDACTED, sharedSecret: REDACTED, secret: REDACTED },
      form: { SAMLResponse: REDACTED, RelayState: 'r1', password: REDACTED },
      tokens: {
        id_token: REDACTED,
        access_token: REDACTED,
        refresh_token: REDACTED,
        client_secret: REDACTED,
      },
      request: { SAMLRequest: REDACTED },
    });
    expect(config.clientSecret).toBe('cs-1');
    expect(form.password).toBe('pw-1');
    expect(line.config).toBe(config);
  });

  it('cuts an OAuth code only in a query or a body, so an error code stays readable', () => {
    const out = redactLogSecrets({
      query: { code: 'oauth-code-1', state: 's' },
      body: { code: 'oauth-code-2' },
      err: { code: 'PASSI_REQUEST_INVALID' },
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      query: { code: REDACTED, state: 's' },
      body: { code: REDACTED },
      err: { code: 'PASSI_REQUEST_INVALID' },
    });
  });

  it('keeps an error an error: class, message, stack and code survive, the secret does not', () => {
    class UpstreamError extends Error {
      code = 'PASSI_UPSTREAM_FAILED';
    }
    const err = Object.assign(new UpstreamError('token endpoint refused'), { clientSecret: 'cs-2' });
    const out = redactLogSecrets({ err });
    const copy = out.err;
    expect(copy).toBeInstanceOf(UpstreamError);
    expect(copy.message).toBe('token endpoint refused');
    expect(copy.stack).toBe(err.stack);
    expect(copy.code).toBe('PASSI_UPSTREAM_FAILED');
    expect(copy.clientSecret).toBe(REDACTED);
    expect(err.clientSecret).toBe('cs-2');
  });

  it('keeps the value of an own getter that answers only for its object, as an error stack is on Node 21+', () => {
    // On Node 21 and later an error's `stack` is an own getter that answers only for the error it belongs
    // to; read on a copy it gives undefined. Modelled with a getter of that kind, so that the case fails on
    // every Node line when the copy takes the getter instead of its value.
    const held = new WeakMap<object, string>();
    const original = { clientSecret: 'cs-4' };
    held.set(original, 'at token endpoint');
    Object.defineProperty(original, 'trace', {
      get(this: object) {
        return held.get(this);
      },
      enumerable: false,
      configurable: true,
    });
    const copy = redactLogSecrets({ err: original }).err as unknown as Record<string, unknown>;
    expect(copy.trace).toBe('at token endpoint');
    expect(Object.getOwnPropertyDescriptor(copy, 'trace')?.enumerable).toBe(false);
    expect(copy.clientSecret).toBe(REDACTED);
  });

  it('does not throw on an own getter that fails, and still cuts the secret', () => {
    const original = { password: 'pw-6' };
    Object.defineProperty(original, 'broken', {
      get() {
        throw new Error('not readable');
      },
      enumerable: false,
      configurable: true,
    });
    const copy = redactLogSecrets({ err: original }).err as unknown as Record<string, unknown>;
    expect(copy.password).toBe(REDACTED);
    expect(original.password).toBe('pw-6');
  });

  it('copies a frozen object instead of failing on it', () => {
    const frozen = Object.freeze({ password: 'pw-3', user: 'u' });
    expect(JSON.parse(JSON.stringify(redactLogSecrets({ frozen })))).toEqual({
      frozen: { password: REDACTED, user: 'u' },
    });
  });
});
