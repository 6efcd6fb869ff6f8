/** Socket errors that mean the client went away or was too slow: nothing is wrong with Passi. */
const CLIENT_SIDE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_HTTP_REQUEST_TIMEOUT',
  'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
]);

/**
 * The log level of a failed request: a client's disconnect, timeout or bad request is `info`/`warn`
 * (operators alert on `error`), only Passi's own failures are `error`.
 */
export function failureLogLevel(error: unknown, status?: number): 'info' | 'warn' | 'error' {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  // HPE_*: Node's HTTP parser on what the client sent (e.g. the connection ended inside a body).
  if (
    CLIENT_SIDE_CODES.has(code) ||
    code.startsWith('HPE_') ||
    (error instanceof Error && error.message === 'aborted')
  )
    return 'info';
  const s =
    status ??
    (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
      ? error.status
      : 500);
  return s < 500 ? 'warn' : 'error';
}
