/**
 * Query parameters whose values never reach a log line: SAML messages, signatures, codes, tokens and who
 * is logging in (docs/operations.md "Logs").
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
  // Who is logging in: OIDC Core §3.1.2.1 login_hint, and the user id Wilma signs into its redirect.
  'login_hint',
  'userid',
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
