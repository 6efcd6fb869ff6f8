/**
 * Which names Passi puts in Graph's `$select`. Graph answers 400 to the whole request when one name is not
 * a property of the user resource (https://learn.microsoft.com/graph/api/resources/user, v1.0) or a
 * directory extension registered in the tenant, so — as MPASSid asks Graph only for the attributes the
 * school configured (https://wiki.eduuni.fi/display/OPHPALV/Azure+AD+-integraatio) — the select list is:
 *  - every name the school configured (mapping overrides, `graphAttributes`): a wrong one is the school's
 *    to correct, and the error names it (graph-client.ts);
 *  - a default name only when it is a Graph user property (`id`, `givenName`, `surname`). The education
 *    defaults (`learnerId`, `schoolCode`, `nickName`, …) are ADFS claim names that Graph does not have;
 *    an Entra school maps them to its extension attributes (docs/integrations/entra.md).
 */
const GRAPH_USER_PROPERTIES: ReadonlySet<string> = new Set([
  'aboutMe',
  'accountEnabled',
  'ageGroup',
  'birthday',
  'businessPhones',
  'city',
  'companyName',
  'country',
  'department',
  'displayName',
  'employeeId',
  'employeeType',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mailNickname',
  'mobilePhone',
  'officeLocation',
  'onPremisesImmutableId',
  'onPremisesSamAccountName',
  'onPremisesUserPrincipalName',
  'otherMails',
  'postalCode',
  'preferredLanguage',
  'preferredName',
  'schools',
  'state',
  'surname',
  'userPrincipalName',
  'userType',
]);

export function isGraphUserProperty(name: string): boolean {
  return GRAPH_USER_PROPERTIES.has(name);
}

/** The `$select` names for one Entra integration: configured names first, then usable defaults. */
export function graphSelectNames(input: {
  configured: readonly string[];
  defaults: readonly string[];
}): string[] {
  return [...new Set([...input.configured, ...input.defaults.filter(isGraphUserProperty)])];
}
