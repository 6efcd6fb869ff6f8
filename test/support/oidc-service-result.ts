import { expect } from 'vitest';
import { ATTRIBUTE_CATALOGUE } from '../../src/model/attribute-catalogue.ts';
import { BrowserlessClient, type BrowserResponse } from './browserless-client.ts';
import { decodeHtmlText } from './html-text.ts';

const CLAIM_OF = new Map<string, string>(ATTRIBUTE_CATALOGUE.map((e) => [e.name, e.oidcClaim]));

/**
 * The OIDC attribute test service's result page (openid-client as the relying party: code flow with PKCE,
 * ID token and userinfo from Passi), read from its copyable report. Asserts that the login succeeded at the
 * service with the `acr` of `flowName`, and returns the released userinfo claims by OIDC claim name
 * (`urn:mpass.id:schoolInfo`, `given_name`, …).
 */
export function oidcServiceClaims(page: BrowserResponse, flowName: string): Record<string, string[]> {
  expect(page.url).toContain('/test-service/oidc/callback');
  const text = /<textarea id="report"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1];
  if (text === undefined) throw new Error(`no test service report at ${page.url} (${page.status})`);
  const report: unknown = JSON.parse(decodeHtmlText(text));
  expect(report).toMatchObject({ protocol: 'oidc', facts: { acr: `urn:mpass.id:authnsource:${flowName}` } });
  expect(Reflect.get(Object(report), 'failure')).toBeUndefined();
  const released: unknown = Reflect.get(Object(report), 'released');
  const claims: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(Object(released))) {
    if (Array.isArray(values)) claims[CLAIM_OF.get(name) ?? name] = values.map(String);
  }
  return claims;
}

/** A whole login at the OIDC attribute test service through `flowName` (no page to act on in between). */
export async function loginAtOidcService(
  baseUrl: string,
  flowName: string,
): Promise<Record<string, string[]>> {
  const page = await new BrowserlessClient().getFollow(
    `${baseUrl}/test-service/oidc/login?flow=${flowName}&lang=en`,
  );
  return oidcServiceClaims(page, flowName);
}
