/**
 * Query parameters whose values never reach a log line: SAML messages, signatures, codes and tokens
 * (issue 2 §2; stack-and-security.md §4.5).
 */
const SECRET_PARAMS = new Set([
  'samlrequest',
  'samlresponse',
  'signature',
  'code',
  'id_token_hint',
  'access_token',
  'id_token',
  'refresh_token',
  'client_secret',
  'code_verifier',
  'h',
  'jwt',
  'token',
  'nonce',
]);

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
      return SECRET_PARAMS.has(name) && eq >= 0 ? `${pair.slice(0, eq)}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
