import type { ReleasedAttributes } from '../core/resolved-identity.ts';
import { ATTRIBUTE_CATALOGUE, SAML_NAME_FORMAT_URI } from './attribute-catalogue.ts';
import { LOGIN_REPORT_HANDLE_URI, loginReportHandleOf } from './login-report-handle.ts';

export interface SamlAttribute {
  name: string;
  friendlyName: string;
  nameFormat: typeof SAML_NAME_FORMAT_URI;
  values: string[];
}

/**
 * The SAML face's view (docs/data-model.md "Attributes"): URI names, FriendlyNames, catalogue order. A
 * single-valued attribute carries exactly one value, like its OIDC claim. Unknown names are not sent,
 * except the built-in test service's report handle (login-report-handle.ts), last.
 */
export function toSamlAttributes(released: ReleasedAttributes): SamlAttribute[] {
  const out: SamlAttribute[] = [];
  for (const entry of ATTRIBUTE_CATALOGUE) {
    const values = released[entry.name];
    if (!values || values.length === 0) continue;
    out.push({
      name: entry.samlName,
      friendlyName: entry.friendlyName,
      nameFormat: SAML_NAME_FORMAT_URI,
      values: entry.multi ? [...values] : values.slice(0, 1),
    });
  }
  const handle = loginReportHandleOf(released);
  if (handle !== undefined)
    out.push({
      name: LOGIN_REPORT_HANDLE_URI,
      friendlyName: 'passiLoginReport',
      nameFormat: SAML_NAME_FORMAT_URI,
      values: [handle],
    });
  return out;
}
