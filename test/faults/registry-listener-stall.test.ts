import { afterAll, beforeAll, expect, it } from 'vitest';
import { importRegistry } from '../../src/registry/import-registry.ts';
import { REDIRECT_URI } from '../oidc/oidc-test-kit.ts';
import { describeOnPostgres } from '../support/describe-each-store.ts';
import { type FaultDeployment, startFaultDeployment } from './support/fault-deployment.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A new OIDC service: before a node sees it, that node refuses its client id. */
function newService(clientId: string) {
  return JSON.stringify({
    services: [
      {
        id: `svc-${clientId}`,
        organisationOid: '1.2.246.562.99.00000000099',
        name: { en: 'Added while stalled' },
        protocol: 'oidc',
        deploymentPhase: 'test',
        serviceSets: ['attribute-test'],
        allowTestLearnerId: true,
        oidc: { clientId, redirectUris: [REDIRECT_URI] },
        clientSecret: 'stall-secret-0123456789abcdef0123456789ab',
      },
    ],
  });
}

/** Whether a node knows the client: an authorization request goes on to the login (3xx), not an error page. */
async function knowsClient(nodeUrl: string, clientId: string): Promise<boolean> {
  const u = new URL('/idp/profile/oidc/authorize', nodeUrl);
  u.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    state: 's',
    nonce: 'n',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  const r = await fetch(u, { redirect: 'manual' });
  await r.arrayBuffer();
  return r.status >= 300 && r.status < 400;
}

/**
 * A firewall silently forgets each node's change-notification (LISTEN) connection: no error, no reset,
 * notifications just stop arriving. A registry change must still reach every node within seconds
 * (docs/operations.md "When the database is unavailable").
 */
describeOnPostgres('registry changes while the change-notification connection is stalled', () => {
  let d: FaultDeployment;

  beforeAll(async () => {
    d = await startFaultDeployment(2, { PASSI_REGISTRY_RECHECK_MS: '2000' });
  }, 240_000);
  afterAll(async () => {
    await d?.close();
  });

  it('a change made during the stall is seen by every node within seconds', async () => {
    // Both nodes listen (their LISTEN connections pass the proxy): each has one for registry changes and
    // one for school metadata changes (docs/operations.md "Registry changes during trouble"); all stall.
    expect(d.proxy.counts().listening).toBe(2 * d.nodes.length);
    expect(d.proxy.stallListeners()).toBe(2 * d.nodes.length);
    const clientId = 'client-stalled-001';
    for (const n of d.nodes) expect(await knowsClient(n.url, clientId)).toBe(false);
    await importRegistry(d.repo, newService(clientId), {
      publicUrl: d.publicUrl,
      now: new Date(),
      actor: 'test',
    });
    const changedAt = Date.now();
    const seenAfter: number[] = [];
    for (const n of d.nodes) {
      while (!(await knowsClient(n.url, clientId))) {
        if (Date.now() - changedAt > 15_000) throw new Error(`${n.url} did not see the change in 15 s`);
        await sleep(200);
      }
      seenAfter.push(Date.now() - changedAt);
    }
    for (const ms of seenAfter) expect(ms).toBeLessThan(10_000);
    for (const n of d.nodes) expect(n.exited(), n.output()).toBeUndefined();
  }, 60_000);
});
