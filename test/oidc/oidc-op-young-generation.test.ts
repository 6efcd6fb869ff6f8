import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { promotedByFinishedRequests } from '../support/young-generation.ts';
import { oidcTestRegistry } from './oidc-test-kit.ts';

/**
 * oidc-provider defined each request's `ctx.oidc` as a getter, and V8's young-generation collector keeps
 * an object with an accessor defined on it alive until a full collection: every OIDC request's Koa context,
 * request, response and oidc-provider state moved to the old generation (docs/performance.md "Requests
 * kept until a full collection"). Passi changes that one definition when it is installed
 * (scripts/patch-dependencies.ts).
 */
describe('a finished OIDC request and the young generation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ registry: (await oidcTestRegistry()).yaml });
  });
  afterAll(() => t?.close());

  it('is not kept alive by oidc-provider until a full collection', async () => {
    const url = new URL('/.well-known/openid-configuration', t.baseUrl);
    const agent = new Agent({ keepAlive: true });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    const N = 400;
    try {
      const promoted = await promotedByFinishedRequests(async () => {
        for (let i = 0; i < N; i++) expect(await get()).toBe(200);
      });
      // Per request: about 9 KB kept with the getter, about 130 bytes with the data property (measured).
      expect(promoted / N).toBeLessThan(1024);
    } finally {
      agent.destroy();
    }
  });
});
