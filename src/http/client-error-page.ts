import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../core/error-codes.ts';
import { renderErrorPage } from './render/error-page.tsx';

/**
 * Requests Node's HTTP parser refuses before Fastify sees them: headers or URL over Node's 16 KiB limit
 * (an oversized SAML Redirect-binding request), malformed requests, header timeouts.
 * Fastify's default answers bare JSON; a person gets Passi's error page with an error id that is also
 * in the log. Nothing of the request is read or echoed (it was not parsed), so the page is Finnish, the
 * default language of the login pages.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  // A reset connection has nobody to answer (Node's clientError contract).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const errorId = randomUUID();
  const code = status === 431 ? ErrorCodes.REQUEST_TOO_LARGE : ErrorCodes.REQUEST_INVALID;
  // A client's slowness or malformed request is the client's problem: info for timeouts, warn otherwise.
  this.log[status === 408 ? 'info' : 'warn'](
    { errorId, code, parserError: error.code },
    'request refused by the HTTP parser',
  );
  // Node's own rule: no second status line once a response has begun (a timeout during a slow body).
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && answering?.headersSent !== true) {
    const body = renderErrorPage({ lang: 'fi', messageKey: 'error.request', errorId });
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: text/html; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Passi-Error-Code: ${code}`,
        "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        'Referrer-Policy: no-referrer',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy(error);
}
