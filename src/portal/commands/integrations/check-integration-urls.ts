import { type IntegrationIssue, issue } from './integration-issues.ts';

/**
 * The address rules of every URL an integration holds (RFC 3986): no fragment (it never reaches the
 * server, so a URL with one is a copy-paste mistake), no user name or password in it (a credential in a
 * URL ends up in logs and browser histories), and https outside deploymentPhase test (plain http only for
 * test servers: anyone on the path could answer for the school).
 */
export function checkIntegrationUrl(
  path: string,
  value: string,
  deploymentPhase: string,
): IntegrationIssue | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue(path, 'url-invalid', 'is not a web address (https://…)', value.slice(0, 200));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return issue(path, 'url-invalid', 'is not a web address (https://…)', value.slice(0, 200));
  if (value.includes('#')) return issue(path, 'url-fragment', 'must not contain a # part');
  if (url.username !== '' || url.password !== '')
    return issue(path, 'url-userinfo', 'must not contain a user name or password');
  if (url.protocol === 'http:' && deploymentPhase !== 'test')
    return issue(path, 'url-https', 'must start with https:// outside the test phase');
  return undefined;
}
