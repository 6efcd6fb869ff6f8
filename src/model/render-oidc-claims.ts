import type { ReleasedAttributes } from '../core/resolved-identity.ts';
import { ATTRIBUTE_CATALOGUE } from './attribute-catalogue.ts';
import { LOGIN_REPORT_HANDLE_URI, loginReportHandleOf } from './login-report-handle.ts';

/**
 * The OIDC face's view (docs/data-model.md "Attributes"): the same names as SAML except `family_name` and
 * `given_name`; multi-valued attributes are arrays (even with one value), single-valued ones strings.
 * The built-in test service's report handle (login-report-handle.ts) is a claim of its own.
 */
export function toOidcClaims(released: ReleasedAttributes): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const entry of ATTRIBUTE_CATALOGUE) {
    const values = released[entry.name];
    const first = values?.[0];
    if (!values || first === undefined) continue;
    out[entry.oidcClaim] = entry.multi ? [...values] : first;
  }
  const handle = loginReportHandleOf(released);
  if (handle !== undefined) out[LOGIN_REPORT_HANDLE_URI] = handle;
  return out;
}
