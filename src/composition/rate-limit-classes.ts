import type { RouteOptions } from 'fastify';
import { DISCOVERY_PATH, FORGET_PATH } from '../discovery/discovery-page.tsx';
import { CHOOSE_PATH } from '../discovery/discovery-results.tsx';
import { INTERACTION_PATH, OIDC_ROUTES } from '../downstream/oidc-op/provider-configuration.ts';
import type { RateLimitClass } from '../http/rate-limit/install-rate-limit.ts';

const withSubpaths = (path: string) => [path, `${path}/*`];

/** Exact route paths by class; everything else is matched by the prefixes below. */
const exact = new Map<string, RateLimitClass>([
  // Starting or ending a login at Passi (docs/operations.md "Rate limits").
  ['/idp/profile/SAML2/Redirect/SSO', 'login'],
  ['/idp/profile/SAML2/POST/SSO', 'login'],
  ['/idp/profile/Logout', 'login'],
  ...withSubpaths(OIDC_ROUTES.authorization).map((p): [string, RateLimitClass] => [p, 'login']),
  ...withSubpaths(OIDC_ROUTES.end_session).map((p): [string, RateLimitClass] => [p, 'login']),
  [`${INTERACTION_PATH}/:uid`, 'login'],
  ['/test-service/saml/login', 'login'],
  ['/test-service/oidc/login', 'login'],
  // The management portal's public forms (docs/portal.md): sign-in also has its own lockout.
  ['/portal/sign-in', 'login'],
  ['/portal/invitation', 'login'],
  // Service back ends (token and userinfo endpoints).
  ...withSubpaths(OIDC_ROUTES.token).map((p): [string, RateLimitClass] => [p, 'token']),
  ...withSubpaths(OIDC_ROUTES.userinfo).map((p): [string, RateLimitClass] => [p, 'token']),
  // School selection and its type-ahead search.
  [DISCOVERY_PATH, 'search'],
  [`${DISCOVERY_PATH}/results`, 'search'],
  [CHOOSE_PATH, 'search'],
  [FORGET_PATH, 'search'],
  // Answers from schools and the attribute test service's own ACS.
  ['/sp/:flowName/acs', 'return'],
  ['/:flowName/Shibboleth.sso/SAML2/POST', 'return'],
  ['/test-service/saml/acs', 'return'],
  ['/test-service/oidc/callback', 'return'],
]);

/**
 * The rate-limit class of every route (docs/operations.md "Rate limits"). Metadata, key sets, discovery
 * documents, static assets, logos and health checks are cheap and cached, so they stay unlimited.
 */
export function rateLimitClass(route: Pick<RouteOptions, 'method' | 'url'>): RateLimitClass | undefined {
  const url = route.url;
  const known = exact.get(url);
  if (known) return known;
  if (url.startsWith('/admin/api')) return 'admin';
  // Every school connector's return address and the test directory's password form.
  if (url.startsWith('/upstream/')) return 'return';
  return undefined;
}
