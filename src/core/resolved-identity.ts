/**
 * One thing a data-model rule did to a login's data: recorded for the attribute test
 * service and for data-quality statistics.
 */
export interface ResolutionProblem {
  /** Stable code, e.g. `SCHOOL_UNRESOLVED`, `LEARNER_ID_INVALID`, `MULTIVALUE_MISMATCH`. */
  code: string;
  /** `error` blocks the login; `dropped` removed values; `warning` is informational. */
  severity: 'error' | 'dropped' | 'warning';
  /** Data-model names of the attributes affected. */
  attributes: string[];
  message: string;
}

/**
 * The data-model view of a user: attribute data names (catalogue `name`, e.g. `schoolInfo`) → values.
 * Faces render it with the catalogue (SAML URI names + FriendlyNames, OIDC claims).
 */
export type ReleasedAttributes = Record<string, string[]>;

/** The kind of role a login counts under in the statistics: few values, no personal data. */
export type RoleKind = 'pupil' | 'teacher' | 'other' | '';

/**
 * Under which school and role a login is counted in the statistics and data-quality views
 * (docs/operations.md "Daily login statistics"): the first school and role of the person, '' when absent.
 */
export interface CountedAs {
  school: string;
  roleKind: RoleKind;
}

export interface ResolvedIdentity {
  /** `urn:mpass.id:uid` value; absent means nothing may be sent (docs/data-model.md "Attributes"). */
  uid?: string;
  attributes: ReleasedAttributes;
  problems: ResolutionProblem[];
  /** True when a rule blocks the login (missing uid, missing/invalid learner id). */
  blocked: boolean;
  /** Absent when nothing could be read at all (no unique id). */
  countedAs?: CountedAs;
}
