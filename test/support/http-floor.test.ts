import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineReader } from '../../bench/support/bench-children.ts';
import { measureHttpFloor } from '../../bench/support/http-floor.ts';
import type { Exchange } from '../../bench/support/proxied-login-client.ts';

/** A login's two exchanges as the load client records them (SAML: the SSO redirect, the ACS form post). */
const EXCHANGES: Exchange[] = [
  {
    method: 'GET',
    path: '/idp/profile/SAML2/Redirect/SSO?SAMLRequest=abc%2Bdef',
    headers: {},
    status: 303,
    rawHeaders: [
      'location',
      'https://school.example/sso?SAMLRequest=xyz',
      'set-cookie',
      'passi_flow=1; Path=/; HttpOnly',
      'set-cookie',
      'passi_lang=fi; Path=/',
      'content-length',
      '0',
      'Date',
      'Sat, 05 Dec 2026 14:00:00 GMT',
      'Connection',
      'keep-alive',
    ],
    responseBody: '',
  },
  {
    method: 'POST',
    path: '/sp/acs',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'passi_flow=1' },
    body: 'SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D&RelayState=r',
    status: 200,
    rawHeaders: ['content-type', 'text/html; charset=utf-8', 'content-length', '28'],
    responseBody: '<form>Ä SAMLResponse</form>',
  },
];

const dir = mkdtempSync(join(tmpdir(), 'passi-http-floor-test-'));
const file = join(dir, 'exchanges.json');
writeFileSync(file, JSON.stringify(EXCHANGES));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the HTTP floor (bench/support/http-floor.ts)', () => {
  for (const kind of ['node-http', 'fastify'] as const) {
    it(`${kind}: answers each recorded request as Passi answered it, and nothing else`, async () => {
      const server = spawn(
        process.execPath,
        ['bin/run-ts.js', 'bench/support/http-floor-server-process.ts', file, kind],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      try {
        const { port } = JSON.parse(await lineReader(server)()) as { port: number };
        const base = `http://127.0.0.1:${port}`;
        const sso = await fetch(`${base}${EXCHANGES[0]?.path}`, { redirect: 'manual' });
        expect(sso.status).toBe(303);
        expect(sso.headers.get('location')).toBe('https://school.example/sso?SAMLRequest=xyz');
        expect(sso.headers.getSetCookie()).toEqual([
          'passi_flow=1; Path=/; HttpOnly',
          'passi_lang=fi; Path=/',
        ]);
        // The server writes its own Date, not the recorded one.
        expect(sso.headers.get('date')).not.toBe('Sat, 05 Dec 2026 14:00:00 GMT');
        const acs = await fetch(`${base}/sp/acs`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: EXCHANGES[1]?.body ?? '',
        });
        expect(acs.status).toBe(200);
        expect(await acs.text()).toBe('<form>Ä SAMLResponse</form>');
        expect((await fetch(`${base}/not/recorded`)).status).toBe(404);
        // Its CPU since the previous read, in microseconds.
        expect(Number(await (await fetch(`${base}/__floor/cpu`)).text())).toBeGreaterThan(0);
      } finally {
        server.kill();
      }
    });
  }

  it('replays the logins and reads the server CPU per login, for both servers', async () => {
    const floors = await measureHttpFloor(EXCHANGES, { logins: 20, warmup: 5, concurrency: 2 });
    expect(floors.map((f) => f.kind)).toEqual(['node-http', 'fastify']);
    for (const f of floors) {
      expect(f.mismatches).toBe(0);
      expect(f.cpuMsPerLogin).toBeGreaterThan(0);
    }
  });
});
