/**
 * What Microsoft Graph answers when `$select` names something that is not a property of the user resource
 * (https://learn.microsoft.com/graph/api/resources/user, v1.0): 400 `Request_BadRequest` with
 * "Could not find a property named '<name>' on type 'Microsoft.DirectoryServices.User'.". Directory
 * extension properties (`extension_<appId>_<name>`) exist only once the tenant registered them.
 * Shared by the fakes of Graph so they refuse exactly as Graph does.
 */
export const GRAPH_USER_RESOURCE_PROPERTIES: ReadonlySet<string> = new Set([
  'aboutMe',
  'accountEnabled',
  'ageGroup',
  'birthday',
  'businessPhones',
  'city',
  'companyName',
  'consentProvidedForMinor',
  'country',
  'createdDateTime',
  'creationType',
  'department',
  'displayName',
  'employeeHireDate',
  'employeeId',
  'employeeOrgData',
  'employeeType',
  'externalUserState',
  'faxNumber',
  'givenName',
  'id',
  'identities',
  'imAddresses',
  'interests',
  'jobTitle',
  'legalAgeGroupClassification',
  'mail',
  'mailNickname',
  'mobilePhone',
  'mySite',
  'officeLocation',
  'onPremisesDistinguishedName',
  'onPremisesDomainName',
  'onPremisesExtensionAttributes',
  'onPremisesImmutableId',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesUserPrincipalName',
  'otherMails',
  'postalCode',
  'preferredLanguage',
  'preferredName',
  'proxyAddresses',
  'schools',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
]);

/** The first selected name Graph would refuse, given the extension properties the tenant registered. */
export function unknownGraphProperty(
  select: readonly string[],
  registeredExtensions: ReadonlySet<string>,
): string | undefined {
  return select.find((name) => !GRAPH_USER_RESOURCE_PROPERTIES.has(name) && !registeredExtensions.has(name));
}

/** Graph's 400 body for an unknown `$select` name. */
export function unknownPropertyError(name: string): { error: { code: string; message: string } } {
  return {
    error: {
      code: 'Request_BadRequest',
      message: `Could not find a property named '${name}' on type 'Microsoft.DirectoryServices.User'.`,
    },
  };
}

/** Extension names the tenant registered: every `extension_…` key any fake user carries. */
export function registeredExtensions(users: Iterable<Record<string, unknown>>): Set<string> {
  const out = new Set<string>();
  for (const user of users)
    for (const key of Object.keys(user)) if (key.startsWith('extension_')) out.add(key);
  return out;
}
