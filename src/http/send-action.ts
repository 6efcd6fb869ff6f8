import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpAction, HttpInput } from '../core/http-action.ts';
import { renderAutoPostPage } from './render/auto-post-page.tsx';
import { requestLanguage } from './request-language.ts';

/**
 * Carries out a face's or connector's HttpAction. Redirects after a POST use 303 (RFC 9700 §4.12).
 */
export function sendAction(request: FastifyRequest, reply: FastifyReply, action: HttpAction): FastifyReply {
  reply.header('cache-control', 'no-store');
  switch (action.kind) {
    case 'redirect':
      return reply.redirect(action.location, 303);
    case 'page':
      return reply
        .status(action.status)
        .header('content-type', 'text/html; charset=utf-8')
        .send(action.html(cspNonce(reply)));
    case 'post':
      return reply
        .status(200)
        .header('content-type', 'text/html; charset=utf-8')
        .send(
          renderAutoPostPage({
            lang: requestLanguage(request),
            action: action.action,
            fields: action.fields,
            nonce: cspNonce(reply),
          }),
        );
    case 'json':
      return reply.status(action.status).send(action.body);
  }
}

/** The nonce @fastify/helmet put in this response's CSP `script-src`. */
export function cspNonce(reply: FastifyReply): string {
  const nonces = (reply as FastifyReply & { cspNonce?: { script: string } }).cspNonce;
  return nonces?.script ?? '';
}

/** The protocol-neutral view of a request (raw query octets kept for signature checks). */
export function httpInput(request: FastifyRequest): HttpInput {
  const q = request.url.indexOf('?');
  return {
    method: request.method,
    rawQuery: q < 0 ? '' : request.url.slice(q + 1),
    query: stringRecord(request.query),
    body: stringRecord(request.body),
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
