/**
 * oidc-provider reads its own request bodies, so Fastify's NUL refusal (http/refuse-nul.ts) never sees the
 * token endpoint's `code_verifier`, `redirect_uri` or `client_id`, or the end-session form. Form bodies
 * are read here instead: one with a NUL anywhere is refused with 400 (an OAuth `invalid_request` at the
 * token and userinfo endpoints, an error page elsewhere) before oidc-provider or the store sees it; any
 * other body reaches oidc-provider as a fresh request stream with the same bytes, head and socket.
 */
import { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { holdsNul, refused } from '../../http/refuse-nul.ts';

const FORM = 'application/x-www-form-urlencoded';

/** Buffers form bodies in `scope` (refusing NUL); other content types stay unread for oidc-provider. */
export function readFormBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser(FORM, { parseAs: 'buffer' }, (_request, body, done) => {
    // Keys and values, percent-decoded (`%00`) or sent raw.
    const fields = [...new URLSearchParams(body.toString('utf8'))].flat();
    if (holdsNul(fields, 0)) done(refused('the form'), undefined);
    else done(null, body);
  });
}

/** The request oidc-provider should read: the original, or a replay of a body Fastify already read. */
export function requestForProvider(raw: IncomingMessage, body: unknown): IncomingMessage {
  if (!Buffer.isBuffer(body)) return raw;
  const replay = new IncomingMessage(raw.socket);
  // The bytes are all here: reading must not resume the shared socket (Node's parser owns it).
  replay._read = () => undefined;
  replay.method = raw.method;
  replay.url = raw.url;
  replay.headers = raw.headers;
  replay.rawHeaders = raw.rawHeaders;
  replay.httpVersion = raw.httpVersion;
  replay.httpVersionMajor = raw.httpVersionMajor;
  replay.httpVersionMinor = raw.httpVersionMinor;
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  return replay;
}
