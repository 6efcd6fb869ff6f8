import type * as client from 'openid-client';

/**
 * An openid-client fetch that sends token and userinfo requests to another node of the deployment
 * (`nodeUrl`), and everything else (discovery, JWKS) to the issuer's node: what a load balancer may do.
 */
export function fetchViaNode(nodeUrl: () => string): client.CustomFetch {
  return (input, init) => {
    const url = new URL(input);
    if (url.pathname.endsWith('/token') || url.pathname.endsWith('/userinfo'))
      url.host = new URL(nodeUrl()).host;
    const { body } = init;
    // Token and userinfo requests carry form bodies (or none).
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof URLSearchParams))
      throw new Error('unexpected body');
    return fetch(url, {
      method: init.method,
      headers: init.headers,
      body,
      redirect: init.redirect,
      signal: init.signal,
    });
  };
}
