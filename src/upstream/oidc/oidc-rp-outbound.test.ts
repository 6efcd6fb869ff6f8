import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/error-codes.ts';
import { createOidcRp, type OidcTarget } from './oidc-rp.ts';

/** The RP's requests go through the outbound client (openid-client customFetch): its limits and codes. */
describe('OIDC RP outbound requests', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/silent/')) return; // never answers
      if (req.url?.startsWith('/huge/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(`{"issuer":"${'x'.repeat(2 * 1024 * 1024)}`);
        return;
      }
      if (req.url?.startsWith('/moved/')) {
        res.writeHead(302, { location: 'https://elsewhere.example/' }).end();
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const target = (issuer: string): OidcTarget => ({
    key: issuer,
    issuer,
    clientId: 'passi',
    redirectUri: 'https://passi.example/upstream/oidc/x/callback',
    scopes: ['openid'],
    userinfo: false,
  });

  it('an OP that does not answer in time → UPSTREAM_UNREACHABLE from Passi’s own timer', async () => {
    const rp = createOidcRp({ timeoutMs: 300 });
    await expect(rp.start(target(`${base}/silent/op`), false)).rejects.toMatchObject({
      code: ErrorCodes.UPSTREAM_UNREACHABLE,
      detail: expect.objectContaining({ reason: 'timeout' }),
    });
  });

  it('an oversized discovery document → UPSTREAM_UNREACHABLE (too large)', async () => {
    await expect(createOidcRp().start(target(`${base}/huge/op`), false)).rejects.toMatchObject({
      code: ErrorCodes.UPSTREAM_UNREACHABLE,
      detail: expect.objectContaining({ reason: 'too-large' }),
    });
  });

  it('a redirect from the OP is refused → UPSTREAM_FAILED', async () => {
    await expect(createOidcRp().start(target(`${base}/moved/op`), false)).rejects.toMatchObject({
      code: ErrorCodes.UPSTREAM_FAILED,
      detail: expect.objectContaining({ status: 302, redirect: true }),
    });
  });

  it('a refused connection → UPSTREAM_UNREACHABLE', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(createOidcRp().start(target(`http://127.0.0.1:${port}/op`), false)).rejects.toMatchObject({
      code: ErrorCodes.UPSTREAM_UNREACHABLE,
      detail: expect.objectContaining({ reason: 'refused' }),
    });
  });
});
