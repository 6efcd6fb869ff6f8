import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sessionHandle } from '../../core/flow/session-handle.ts';
import { sessionIndexValue } from './session-index.ts';

describe('SAML SessionIndex per session and service', () => {
  const secret = randomBytes(32);
  const cookie = randomBytes(32).toString('base64url');
  const handle = sessionHandle(cookie);
  const index = (serviceEntityId: string) =>
    sessionIndexValue({ secret, sessionHandle: handle, serviceEntityId });

  it('is stable for one service, differs between services, and is neither the cookie nor the handle', () => {
    expect(index('https://a.example/sp')).toBe(index('https://a.example/sp'));
    expect(index('https://a.example/sp')).not.toBe(index('https://b.example/sp'));
    for (const value of [index('https://a.example/sp'), index('https://b.example/sp')]) {
      expect(value).not.toContain(cookie);
      expect(value).not.toContain(handle);
      // An xs:ID-like value (starts with "_"), as SAML tooling expects of identifiers.
      expect(value).toMatch(/^_[A-Za-z0-9_-]{43}$/);
    }
  });

  it('differs under another key, and is random without a session', () => {
    const other = sessionIndexValue({
      secret: randomBytes(32),
      sessionHandle: handle,
      serviceEntityId: 'https://a.example/sp',
    });
    expect(other).not.toBe(index('https://a.example/sp'));
    const sessionless = () =>
      sessionIndexValue({ secret, sessionHandle: undefined, serviceEntityId: 'https://a.example/sp' });
    expect(sessionless()).not.toBe(sessionless());
  });

  it('the handle is a one-way hash of the cookie', () => {
    expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(handle).not.toBe(cookie);
    expect(sessionHandle(cookie)).toBe(handle);
  });
});
