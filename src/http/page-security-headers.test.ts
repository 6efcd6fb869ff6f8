import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { installPageSecurityHeaders } from './page-security-headers.ts';

/** The @fastify/helmet options the pages and protocol surfaces had: the reference the table must match. */
const HELMET_PAGE_OPTIONS = {
  enableCSPNonces: true,
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      formAction: ['*'],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      styleSrc: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  referrerPolicy: { policy: 'no-referrer' as const },
  crossOriginOpenerPolicy: { policy: 'same-origin' as const },
};

const NONCE = /'nonce-([0-9a-f]{32})'/g;

async function answer(install: (app: FastifyInstance) => Promise<void>) {
  const app = Fastify();
  await install(app);
  app.get('/page', async (_request, reply) => reply.send(JSON.stringify(reply.cspNonce)));
  app.get('/redirect', async (_request, reply) => reply.redirect('/page', 303));
  const page = await app.inject('/page');
  const redirect = await app.inject('/redirect');
  await app.close();
  return { page, redirect };
}

/** Header lines of a raw response in wire order, the nonces and the date left out. */
function headerLines(headers: Record<string, unknown>): [string, string][] {
  return Object.entries(headers)
    .filter(([name]) => name !== 'date')
    .map(([name, value]) => [name, String(value).replace(NONCE, "'nonce-…'")]);
}

describe('page security headers', () => {
  it('are the headers @fastify/helmet sent with the pages’ options, with fresh nonces on each response', async () => {
    const ours = await answer(async (app) => installPageSecurityHeaders(app));
    const helmet = await answer(async (app) => {
      await app.register(fastifyHelmet, HELMET_PAGE_OPTIONS);
    });
    expect(headerLines(ours.page.headers)).toEqual(headerLines(helmet.page.headers));
    expect(headerLines(ours.redirect.headers)).toEqual(headerLines(helmet.redirect.headers));

    const csp = String(ours.page.headers['content-security-policy']);
    const nonces = [...csp.matchAll(NONCE)].map((m) => m[1]);
    expect(JSON.parse(ours.page.body)).toEqual({ script: nonces[0], style: nonces[1] });
    const others = [...String(ours.redirect.headers['content-security-policy']).matchAll(NONCE)];
    const all = new Set([...nonces, ...others.map((m) => m[1])]);
    expect(all.size).toBe(4);
  });

  it('never repeat a nonce over many responses (the pool is refilled)', async () => {
    const app = Fastify();
    installPageSecurityHeaders(app);
    app.get('/', async (_request, reply) => reply.send(`${reply.cspNonce.script} ${reply.cspNonce.style}`));
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) for (const n of (await app.inject('/')).body.split(' ')) seen.add(n);
    await app.close();
    expect(seen.size).toBe(600);
  });
});
