import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../store/secret-box.ts';
import { createTestDb, type TestDb } from '../store/testing/test-db.ts';
import { ensureKeys } from './key-store.ts';

describe('key store', () => {
  let t: TestDb;
  const box = createSecretBox(randomBytes(32));
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(() => t.close());

  it('generates separate SAML signing, SAML encryption and OIDC (RS256 + ES256) keys once, stored encrypted', async () => {
    const first = await ensureKeys(t.db, box, { signingKeyType: 'rsa-2048', commonName: 'passi.test' });
    expect(first.keys.map((k) => `${k.use}/${k.alg}/${k.state}`).sort()).toEqual([
      'oidc-sig/ES256/active',
      'oidc-sig/RS256/active',
      'saml-enc/RS256/active',
      'saml-sig/RS256/active',
    ]);
    expect(new Set(first.keys.map((k) => k.kid)).size).toBe(4);
    expect(first.samlSigning.alg).toBe('RS256');
    const second = await ensureKeys(t.db, box, { signingKeyType: 'rsa-2048', commonName: 'passi.test' });
    expect(second.keys.map((k) => k.kid).sort()).toEqual(first.keys.map((k) => k.kid).sort());
    const rows = await t.db.selectFrom('signing_key').select('private_encrypted').execute();
    for (const r of rows) expect(r.private_encrypted).not.toContain('PRIVATE KEY');
  });
});
