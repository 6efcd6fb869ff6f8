import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { createOidcArtifactMemory, OidcArtifactAdapter } from '../../store/state/oidc-adapter.ts';
import { createTestDb, type TestDb } from '../../store/testing/test-db.ts';
import { createReleasedAccounts, grantWithRelease, type ReleasedAccount } from './released-accounts.ts';

const clock = fixedClock(new Date('2026-12-04T10:00:00Z'));
const release: ReleasedAccount = {
  uid: 'u1',
  clientId: 'c1',
  serviceId: 's1',
  claims: { given_name: 'Maija', 'urn:mpass.id:role': ['a', 'b'] },
  acr: 'urn:mpass.id:authnsource:School',
  passiSessionId: 'p1',
};

describe('released accounts ride in the grant row', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(() => t?.close());

  it('reads the release from the grant, only for its own client and user', async () => {
    const grants = new OidcArtifactAdapter(t.db, 'Grant', clock);
    await grants.upsert('g1', { jti: 'g1', kind: 'Grant', ...grantWithRelease(release) }, 60);
    // Read through a fresh memory copy: what a restarted node finds in the store.
    const accounts = createReleasedAccounts(t.db, clock, createOidcArtifactMemory(t.db, clock));
    expect(await accounts.find('g1', 'c1', 'u1')).toEqual(release);
    expect(await accounts.find('g1', 'c2', 'u1')).toBeUndefined();
    expect(await accounts.find('g1', 'c1', 'u2')).toBeUndefined();
    expect(await accounts.find('missing', 'c1', 'u1')).toBeUndefined();
    expect(await accounts.find(undefined, 'c1', 'u1')).toBeUndefined();
  });

  it('uses a grant already read in the request when it is the one asked for', async () => {
    const accounts = createReleasedAccounts(t.db, clock);
    const loaded = { jti: 'g-loaded', ...grantWithRelease(release) };
    expect(await accounts.find('g-loaded', 'c1', 'u1', loaded)).toEqual(release);
    // Another grant: read from the store (where there is none).
    expect(await accounts.find('g-other', 'c1', 'u1', loaded)).toBeUndefined();
  });

  it('a grant written before the release rode in it finds the release row of that time', async () => {
    const grants = new OidcArtifactAdapter(t.db, 'Grant', clock);
    const legacy = new OidcArtifactAdapter(t.db, 'PassiAccount', clock);
    await grants.upsert('g2', { jti: 'g2', kind: 'Grant', accountId: 'u1', clientId: 'c1' }, 60);
    const accounts = createReleasedAccounts(t.db, clock);
    expect(await accounts.find('g2', 'c1', 'u1')).toBeUndefined();
    await legacy.upsert(JSON.stringify(['c1', 'u1']), { ...release }, 60);
    expect(await accounts.find('g2', 'c1', 'u1')).toEqual(release);
    // The grant still has to be this client's.
    expect(await accounts.find('g2', 'c2', 'u1')).toBeUndefined();
  });
});
