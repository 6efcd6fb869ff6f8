/**
 * The error table: every code Passi raises, with the HTTP status it maps to and the page text a person
 * sees (`page`, a key under `error.` in the message catalogues). `PassiError` takes its status from here,
 * so one situation gives one status and one page wherever it is raised (docs/architecture.md "Errors").
 * Codes are stable API; messages are not.
 */
export type ErrorPage =
  | 'generic'
  | 'notFound'
  | 'flowMissing'
  | 'request'
  | 'formToken'
  | 'serviceUnknown'
  | 'acs'
  | 'signature'
  | 'integration'
  | 'blocked'
  | 'agreement'
  | 'upstream'
  | 'cancelled'
  | 'logoutReturn'
  | 'unavailable'
  | 'schoolMetadata'
  | 'upstreamAnswer'
  | 'rateLimited';

export interface ErrorEntry {
  readonly status: number;
  readonly page: ErrorPage;
}

const entry = (status: number, page: ErrorPage): ErrorEntry => ({ status, page });

/** Code → status and page. The key is the code itself. */
export const ERROR_TABLE = {
  // Start-up, configuration and operations (seen by operators, not on login pages).
  /** Passi's own start-up configuration (file or environment) is invalid. */
  PASSI_CONFIG_INVALID: entry(500, 'generic'),
  PASSI_STORE_UNREACHABLE: entry(503, 'unavailable'),
  /** The embedded store's in-memory login state is at its bound (docs/performance.md "Short-lived state"). */
  PASSI_STATE_FULL: entry(503, 'unavailable'),
  PASSI_DATA_DIR_UNSAFE: entry(500, 'generic'),
  PASSI_DATA_DIR_IN_USE: entry(500, 'generic'),
  /** A registry document (admin API payload or CLI import) fails validation: the sender's mistake. */
  PASSI_REGISTRY_INVALID: entry(400, 'generic'),
  PASSI_REGISTRY_NOT_FOUND: entry(404, 'notFound'),
  PASSI_REGISTRY_CONFLICT: entry(409, 'generic'),
  /** A write based on an older revision of the entity than the stored one (someone else saved in between). */
  PASSI_REGISTRY_REVISION_CONFLICT: entry(409, 'generic'),
  /** A stored registry entry breaks a rule the import now enforces (it was stored before the rule). */
  PASSI_REGISTRY_ENTRY_INVALID: entry(500, 'generic'),
  /** This deployment has no connector for an integration's type: how Passi was built, not the request. */
  PASSI_CONNECTOR_MISSING: entry(500, 'generic'),
  PASSI_SECRET_KEY_MISSING: entry(500, 'generic'),
  PASSI_SECRET_DECRYPT_FAILED: entry(500, 'generic'),
  /** No active key yet (another node is generating them, or the store was just created): try again. */
  PASSI_KEY_NOT_FOUND: entry(503, 'unavailable'),
  /** A key or its certificate cannot be used (mismatching pair, unsupported type, too short). */
  PASSI_KEY_INVALID: entry(500, 'generic'),
  PASSI_ORGDATA_INVALID: entry(502, 'generic'),
  PASSI_ORGDATA_FETCH_FAILED: entry(502, 'generic'),
  PASSI_ADMIN_UNAUTHORIZED: entry(401, 'generic'),
  PASSI_INTERNAL: entry(500, 'generic'),
  /** The built-in test directory's own login form: wrong username or password (shown on the form). */
  PASSI_TEST_DIRECTORY_BAD_CREDENTIALS: entry(401, 'generic'),
  // The browser's login (flow) and the HTTP request itself.
  PASSI_FLOW_MISSING: entry(400, 'flowMissing'),
  PASSI_FLOW_EXPIRED: entry(400, 'flowMissing'),
  PASSI_FLOW_STATE_INVALID: entry(400, 'flowMissing'),
  PASSI_REPLAY: entry(400, 'flowMissing'),
  PASSI_REQUEST_INVALID: entry(400, 'request'),
  PASSI_FORM_TOKEN_INVALID: entry(403, 'formToken'),
  PASSI_REQUEST_TOO_LARGE: entry(413, 'request'),
  /** A body the route does not read: a file upload (multipart) where a plain form is expected, or another type. */
  PASSI_UNSUPPORTED_MEDIA_TYPE: entry(415, 'request'),
  PASSI_NOT_FOUND: entry(404, 'notFound'),
  PASSI_RATE_LIMITED: entry(429, 'rateLimited'),
  // What the service sent.
  PASSI_SERVICE_UNKNOWN: entry(400, 'serviceUnknown'),
  PASSI_ACS_NOT_REGISTERED: entry(400, 'acs'),
  PASSI_SIGNATURE_REQUIRED: entry(400, 'signature'),
  PASSI_SIGNATURE_INVALID: entry(400, 'signature'),
  PASSI_LOGOUT_RETURN_NOT_ALLOWED: entry(400, 'logoutReturn'),
  PASSI_NO_PASSIVE: entry(400, 'generic'),
  /** The service named a school (`urn:mpass.id:authnsource:`) that is not allowed for it (docs/registry.md). */
  PASSI_NO_AUTHN_CONTEXT: entry(400, 'generic'),
  // The school chosen for the login.
  /** The integration a login names (or started with) is not in the registry. */
  PASSI_INTEGRATION_UNKNOWN: entry(400, 'integration'),
  PASSI_INTEGRATION_NOT_ALLOWED: entry(403, 'integration'),
  PASSI_LOGIN_BLOCKED: entry(403, 'blocked'),
  /** The service is by agreement and the chosen school's organisation has not been granted it (docs/registry.md). */
  PASSI_SERVICE_AGREEMENT_MISSING: entry(403, 'agreement'),
  // The upstream vocabulary: what a connector may report about the school's side (docs/architecture.md).
  /** The person cancelled at the school's login page. */
  PASSI_UPSTREAM_CANCELLED: entry(400, 'cancelled'),
  /** The school's login service answered with an error. */
  PASSI_UPSTREAM_FAILED: entry(502, 'upstream'),
  /** The school's login service or API did not answer (timeout, refused connection, oversized reply). */
  PASSI_UPSTREAM_UNREACHABLE: entry(502, 'upstream'),
  /** The school's answer could not be accepted: signature, format, audience, time or issuer. */
  PASSI_UPSTREAM_ANSWER_INVALID: entry(400, 'upstreamAnswer'),
  /** The answer belongs to another login, another integration or another tenant. */
  PASSI_UPSTREAM_ANSWER_MISMATCH: entry(400, 'flowMissing'),
  /** The integration's settings cannot work (missing secret, unusable metadata, bad address). */
  PASSI_UPSTREAM_CONFIG_INVALID: entry(503, 'schoolMetadata'),
  PASSI_UPSTREAM_METADATA_UNAVAILABLE: entry(503, 'schoolMetadata'),
  // The management portal (docs/portal.md); its pages show their own texts for these.
  PASSI_PORTAL_SIGN_IN_REQUIRED: entry(401, 'generic'),
  PASSI_PORTAL_FORBIDDEN: entry(403, 'generic'),
  PASSI_PORTAL_LINK_INVALID: entry(410, 'generic'),
  /** An organisation must keep at least one technical contact (docs/portal.md "Contacts"). */
  PASSI_PORTAL_TECHNICAL_CONTACT_REQUIRED: entry(400, 'request'),
  /** The last main user of an organisation cannot remove themself (docs/portal.md "People"). */
  PASSI_PORTAL_LAST_MAIN_USER: entry(409, 'generic'),
  PASSI_PORTAL_JOIN_CLOSED: entry(409, 'generic'),
  PASSI_PORTAL_APPLICATION_DECIDED: entry(409, 'generic'),
  /** A production integration needs a passed test login of its test integration (docs/portal.md "Test login and production"). */
  PASSI_PORTAL_TEST_LOGIN_REQUIRED: entry(409, 'generic'),
  /** Only an active test integration can be tried with the attribute test service, which is a test service. */
  PASSI_PORTAL_INTEGRATION_NOT_TESTABLE: entry(409, 'generic'),
  /** A service provider's SAML metadata cannot be used; `detail.reason` says why (docs/portal.md "Services"). */
  PASSI_PORTAL_SERVICE_METADATA_INVALID: entry(400, 'request'),
  /** A production copy needs a successful test login first (docs/portal.md "Services"). */
  PASSI_PORTAL_SERVICE_NOT_TESTED: entry(409, 'generic'),
  /** The agreement request is not in a state that allows this step (docs/portal.md "Services for pupils"). */
  PASSI_PORTAL_AGREEMENT_STATE: entry(409, 'generic'),
  /** An earlier version no longer validates against today's schema and is not restored (docs/portal.md "History"). */
  PASSI_PORTAL_VERSION_INVALID: entry(400, 'request'),
  /** An uploaded logo is not an accepted image (docs/portal.md "Logos"). */
  PASSI_PORTAL_LOGO_INVALID: entry(400, 'request'),
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** Short names for the codes, for call sites: `fail(ErrorCodes.REPLAY, '…')`. */
export const ErrorCodes = {
  CONFIG_INVALID: 'PASSI_CONFIG_INVALID',
  STORE_UNREACHABLE: 'PASSI_STORE_UNREACHABLE',
  STATE_FULL: 'PASSI_STATE_FULL',
  DATA_DIR_UNSAFE: 'PASSI_DATA_DIR_UNSAFE',
  DATA_DIR_IN_USE: 'PASSI_DATA_DIR_IN_USE',
  REGISTRY_INVALID: 'PASSI_REGISTRY_INVALID',
  REGISTRY_NOT_FOUND: 'PASSI_REGISTRY_NOT_FOUND',
  REGISTRY_CONFLICT: 'PASSI_REGISTRY_CONFLICT',
  REGISTRY_REVISION_CONFLICT: 'PASSI_REGISTRY_REVISION_CONFLICT',
  REGISTRY_ENTRY_INVALID: 'PASSI_REGISTRY_ENTRY_INVALID',
  CONNECTOR_MISSING: 'PASSI_CONNECTOR_MISSING',
  SECRET_KEY_MISSING: 'PASSI_SECRET_KEY_MISSING',
  SECRET_DECRYPT_FAILED: 'PASSI_SECRET_DECRYPT_FAILED',
  KEY_NOT_FOUND: 'PASSI_KEY_NOT_FOUND',
  KEY_INVALID: 'PASSI_KEY_INVALID',
  ORGDATA_INVALID: 'PASSI_ORGDATA_INVALID',
  ORGDATA_FETCH_FAILED: 'PASSI_ORGDATA_FETCH_FAILED',
  ADMIN_UNAUTHORIZED: 'PASSI_ADMIN_UNAUTHORIZED',
  INTERNAL: 'PASSI_INTERNAL',
  TEST_DIRECTORY_BAD_CREDENTIALS: 'PASSI_TEST_DIRECTORY_BAD_CREDENTIALS',
  FLOW_MISSING: 'PASSI_FLOW_MISSING',
  FLOW_EXPIRED: 'PASSI_FLOW_EXPIRED',
  FLOW_STATE_INVALID: 'PASSI_FLOW_STATE_INVALID',
  REPLAY: 'PASSI_REPLAY',
  REQUEST_INVALID: 'PASSI_REQUEST_INVALID',
  FORM_TOKEN_INVALID: 'PASSI_FORM_TOKEN_INVALID',
  REQUEST_TOO_LARGE: 'PASSI_REQUEST_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'PASSI_UNSUPPORTED_MEDIA_TYPE',
  NOT_FOUND: 'PASSI_NOT_FOUND',
  RATE_LIMITED: 'PASSI_RATE_LIMITED',
  SERVICE_UNKNOWN: 'PASSI_SERVICE_UNKNOWN',
  ACS_NOT_REGISTERED: 'PASSI_ACS_NOT_REGISTERED',
  SIGNATURE_REQUIRED: 'PASSI_SIGNATURE_REQUIRED',
  SIGNATURE_INVALID: 'PASSI_SIGNATURE_INVALID',
  LOGOUT_RETURN_NOT_ALLOWED: 'PASSI_LOGOUT_RETURN_NOT_ALLOWED',
  NO_PASSIVE: 'PASSI_NO_PASSIVE',
  NO_AUTHN_CONTEXT: 'PASSI_NO_AUTHN_CONTEXT',
  INTEGRATION_UNKNOWN: 'PASSI_INTEGRATION_UNKNOWN',
  INTEGRATION_NOT_ALLOWED: 'PASSI_INTEGRATION_NOT_ALLOWED',
  LOGIN_BLOCKED: 'PASSI_LOGIN_BLOCKED',
  SERVICE_AGREEMENT_MISSING: 'PASSI_SERVICE_AGREEMENT_MISSING',
  UPSTREAM_CANCELLED: 'PASSI_UPSTREAM_CANCELLED',
  UPSTREAM_FAILED: 'PASSI_UPSTREAM_FAILED',
  UPSTREAM_UNREACHABLE: 'PASSI_UPSTREAM_UNREACHABLE',
  UPSTREAM_ANSWER_INVALID: 'PASSI_UPSTREAM_ANSWER_INVALID',
  UPSTREAM_ANSWER_MISMATCH: 'PASSI_UPSTREAM_ANSWER_MISMATCH',
  UPSTREAM_CONFIG_INVALID: 'PASSI_UPSTREAM_CONFIG_INVALID',
  UPSTREAM_METADATA_UNAVAILABLE: 'PASSI_UPSTREAM_METADATA_UNAVAILABLE',
  PORTAL_SIGN_IN_REQUIRED: 'PASSI_PORTAL_SIGN_IN_REQUIRED',
  PORTAL_FORBIDDEN: 'PASSI_PORTAL_FORBIDDEN',
  PORTAL_LINK_INVALID: 'PASSI_PORTAL_LINK_INVALID',
  PORTAL_TECHNICAL_CONTACT_REQUIRED: 'PASSI_PORTAL_TECHNICAL_CONTACT_REQUIRED',
  PORTAL_LAST_MAIN_USER: 'PASSI_PORTAL_LAST_MAIN_USER',
  PORTAL_JOIN_CLOSED: 'PASSI_PORTAL_JOIN_CLOSED',
  PORTAL_APPLICATION_DECIDED: 'PASSI_PORTAL_APPLICATION_DECIDED',
  PORTAL_TEST_LOGIN_REQUIRED: 'PASSI_PORTAL_TEST_LOGIN_REQUIRED',
  PORTAL_INTEGRATION_NOT_TESTABLE: 'PASSI_PORTAL_INTEGRATION_NOT_TESTABLE',
  PORTAL_SERVICE_METADATA_INVALID: 'PASSI_PORTAL_SERVICE_METADATA_INVALID',
  PORTAL_SERVICE_NOT_TESTED: 'PASSI_PORTAL_SERVICE_NOT_TESTED',
  PORTAL_AGREEMENT_STATE: 'PASSI_PORTAL_AGREEMENT_STATE',
  PORTAL_VERSION_INVALID: 'PASSI_PORTAL_VERSION_INVALID',
  PORTAL_LOGO_INVALID: 'PASSI_PORTAL_LOGO_INVALID',
} as const satisfies Record<string, ErrorCode>;

/** The codes a connector may report about the school's side: the same situation, the same page. */
export type UpstreamErrorCode =
  | Extract<ErrorCode, `PASSI_UPSTREAM_${string}`>
  | 'PASSI_REPLAY'
  | 'PASSI_FLOW_EXPIRED';

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_TABLE, code);
}
