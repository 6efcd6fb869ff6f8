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

export interface ResolvedIdentity {
  /** `urn:mpass.id:uid` value; absent means nothing may be sent (docs/data-model.md "Attributes"). */
  uid?: string;
  attributes: ReleasedAttributes;
  problems: ResolutionProblem[];
  /** True when a rule blocks the login (missing uid, missing/invalid learner id). */
  blocked: boolean;
}
