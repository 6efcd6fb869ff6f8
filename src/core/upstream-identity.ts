/** Attributes exactly as a school's directory sent them: name → values (already verified bytes). */
export type RawAttributes = Record<string, string[]>;

/**
 * What every upstream connector returns: which integration authenticated the user, the raw
 * attributes, when, and the upstream authentication context.
 */
export interface UpstreamIdentity {
  integrationId: string;
  flowName: string;
  attributes: RawAttributes;
  /** ISO 8601 instant of the upstream authentication. */
  authnInstant: string;
  upstreamAcr?: string;
}
