/**
 * Secrets kept out of log lines (docs/operations.md "Logs"): a value under one of these names, one level
 * below any key of a logged object, is written as `[redacted]`. These are the names pino's `redact` option
 * was given as `*.name` paths, with the same reach; an OAuth `code` is cut only under `query` and `body`,
 * so `err.code` (Passi's error code) stays readable. A child logger's bindings are not passed through a
 * formatter by pino (it resets the bindings formatter for children), so Passi binds ids only: the request
 * id and the flow id (flow-log.ts); a test holds every child logger in the source to that.
 *
 * Why not pino's `redact`: with a path that starts with `*`, every key of every line goes through its
 * redactor, which copies the value and splits every path again on each call: about 200 KB of garbage per
 * proxied login, and three times the CPU of the lines themselves (docs/performance.md "Less garbage per
 * login"). Here a line holding no secret is returned as it is; only a line that holds one is copied, and
 * the caller's objects are never changed.
 *
 * `req` and `res` are not looked into: their serialisers (build-server.ts, Fastify's) keep only the method,
 * the URL with its secrets cut (redact-url.ts), the client address and the status.
 */
const SECRET_NAMES = [
  'SAMLRequest',
  'SAMLResponse',
  'password',
  'client_secret',
  'clientSecret',
  'secret',
  'sharedSecret',
  'id_token',
  'access_token',
  'refresh_token',
] as const;

/** Keys whose value may be a request's query or form body, where `code` is an OAuth authorization code. */
const HOLDS_OAUTH_CODE = new Set(['query', 'body']);
const SERIALISED_WITHOUT_SECRETS = new Set(['req', 'res']);

const REDACTED = '[redacted]';

export function redactLogSecrets<T extends Record<string, unknown>>(line: T): T {
  let copy: Record<string, unknown> | undefined;
  for (const key in line) {
    if (!Object.hasOwn(line, key) || SERIALISED_WITHOUT_SECRETS.has(key)) continue;
    const value = line[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const found = secretsIn(value, HOLDS_OAUTH_CODE.has(key));
    if (found === undefined) continue;
    copy ??= { ...line };
    copy[key] = censored(value, found);
  }
  return (copy ?? line) as T;
}

function secretsIn(value: object, oauthCode: boolean): string[] | undefined {
  let found: string[] | undefined;
  for (const name of SECRET_NAMES) {
    if (!Object.hasOwn(value, name)) continue;
    if (found === undefined) found = [];
    found.push(name);
  }
  if (oauthCode && Object.hasOwn(value, 'code')) {
    if (found === undefined) found = [];
    found.push('code');
  }
  return found;
}

/**
 * A copy with the same prototype and own properties (an Error keeps its class, message, stack and cause
 * for the error serialiser), the secrets replaced. An own getter is read on the original and its value
 * copied: on Node 21 and later an error's `stack` is such a getter, and it answers only for the error it
 * belongs to (https://nodejs.org/api/errors.html#errorstack), so a copied getter would log no stack.
 */
function censored(value: object, names: readonly string[]): object {
  const properties: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(value);
  for (const key of Reflect.ownKeys(properties)) {
    const property = properties[key as keyof PropertyDescriptorMap];
    if (property?.get === undefined) continue;
    let read: unknown;
    try {
      read = Reflect.get(value, key);
    } catch {
      // Redaction must not make a log call throw: a getter that fails stays as it was.
      continue;
    }
    properties[key as keyof PropertyDescriptorMap] = {
      value: read,
      enumerable: property.enumerable ?? false,
      writable: true,
      configurable: true,
    };
  }
  for (const name of names) {
    properties[name] = { value: REDACTED, enumerable: true, writable: true, configurable: true };
  }
  return Object.create(Object.getPrototypeOf(value) as object | null, properties) as object;
}
