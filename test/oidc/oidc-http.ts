import { CLIENTS, REDIRECT_URI } from './oidc-test-kit.ts';

/** A raw token request with client_secret_basic (RFC 6749 §4.1.3), to observe errors openid-client would throw. */
export async function tokenRequest(
  baseUrl: string,
  params: Record<string, string>,
  which: 'basic' | 'publicSub' = 'basic',
) {
  const c = CLIENTS[which];
  const basic = Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.secret)}`).toString(
    'base64',
  );
  const res = await fetch(`${baseUrl}/idp/profile/oidc/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
      ...params,
    }).toString(),
  });
  const body: unknown = await res.json();
  return { status: res.status, body: isRecord(body) ? body : {} };
}

export async function userinfo(
  baseUrl: string,
  accessToken: string,
  how: 'get' | 'post-header' | 'post-body' = 'get',
) {
  const url = `${baseUrl}/idp/profile/oidc/userinfo`;
  const res =
    how === 'get'
      ? await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } })
      : how === 'post-header'
        ? await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } })
        : await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ access_token: accessToken }).toString(),
          });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed)) body = parsed;
  } catch {}
  return { status: res.status, body, headers: res.headers };
}

/** An authorization request URL built by hand (for malformed and near-miss requests). */
export function authorizeUrl(baseUrl: string, params: Record<string, string>): string {
  const u = new URL(`${baseUrl}/idp/profile/oidc/authorize`);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.href;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
