import { describe, expect, it } from 'vitest';
import { samlSpSettings } from './saml-sp-settings.ts';

const settings = () => ({ kind: 'saml', metadataUrl: 'https://idp.koulu.example/metadata' });

describe('SAML SP settings of an integration', () => {
  it('are parsed once per settings object: every login of a registry snapshot shares the result', () => {
    const shared = settings();
    const first = samlSpSettings({ type: 'saml', settings: shared });
    expect(samlSpSettings({ type: 'saml', settings: shared })).toBe(first);
    // Another snapshot (another object with the same content) is parsed on its own.
    expect(samlSpSettings({ type: 'saml', settings: settings() })).not.toBe(first);
    expect(samlSpSettings({ type: 'saml', settings: settings() })).toEqual(first);
  });

  it('the shared result cannot be changed by one login for the next', () => {
    const parsed = samlSpSettings({ type: 'saml', settings: settings() });
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.metadata)).toBe(true);
  });

  it('depend on the integration type as well as its settings (ADFS wants encrypted assertions)', () => {
    const shared = settings();
    expect(samlSpSettings({ type: 'saml', settings: shared }).wantEncryptedAssertions).toBe(false);
    expect(samlSpSettings({ type: 'adfs', settings: shared }).wantEncryptedAssertions).toBe(true);
    expect(samlSpSettings({ type: 'saml', settings: shared }).wantEncryptedAssertions).toBe(false);
  });

  it('invalid settings are refused every time, not remembered', () => {
    const bad = { kind: 'saml' };
    expect(() => samlSpSettings({ type: 'saml', settings: bad })).toThrow(
      /neither metadataUrl nor metadataXml/,
    );
    expect(() => samlSpSettings({ type: 'saml', settings: bad })).toThrow(
      /neither metadataUrl nor metadataXml/,
    );
  });
});
