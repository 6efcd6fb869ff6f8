/**
 * The connector contract: the cases every connector type is run through, for a SAML service and for an
 * OIDC service, and the error code each refusal must carry (the upstream vocabulary of
 * src/core/error-codes.ts). A school driver (./drivers/<type>.ts) stands up the fake school and produces
 * its answers; ./connector-matrix.test.ts runs every case against a real Passi.
 */
import type { TestApp } from '../support/test-app.ts';

export const CASES = [
  'success',
  'cancel',
  'failure',
  'otherLogin',
  'otherIntegration',
  'replay',
  'noSecretLogged',
] as const;
export type CaseName = (typeof CASES)[number];

/**
 * THE expected codes, in one place. Cancel and failure reach the service as a protocol error (the code is
 * the `reason` of Passi's "login failed" log line); another login's answer and a replayed answer are
 * refused at Passi's return address (the code is the error page's `x-passi-error-code`).
 */
export const EXPECTED_CODE = {
  cancel: 'PASSI_UPSTREAM_CANCELLED',
  failure: 'PASSI_UPSTREAM_FAILED',
  otherLogin: 'PASSI_UPSTREAM_ANSWER_MISMATCH',
  otherIntegration: 'PASSI_UPSTREAM_ANSWER_MISMATCH',
  // A flow is single-use: the login that used the answer consumed it, so the same answer delivered again is
  // refused before any connector reads it, on the "expired or already used" page. Answers replayed while a
  // flow is still open meet the connectors' own replay caches (SAML assertion ids, Wilma nonces, Opinsys
  // token ids), tested in test/upstream-saml/saml-sp-negative-replay.test.ts and the connectors' e2e tests.
  replay: 'PASSI_FLOW_MISSING',
} as const satisfies Partial<Record<CaseName, string>>;

/** What the school sends next. */
export type SchoolOutcome = 'success' | 'cancel' | 'failure';

/** The school's answer as the browser would carry it to Passi's return address (not yet delivered). */
export type SchoolAnswer =
  | { method: 'GET'; url: string }
  | { method: 'POST'; url: string; fields: Record<string, string> };

export interface SchoolDriver {
  /** Registry integration type (with the login protocol where one type has two). */
  label: string;
  /** Where this school's answer is refused by an earlier check than the connector's, the code and why. */
  codes?: Partial<Record<keyof typeof EXPECTED_CODE, string>>;
  flowName: string;
  /** A second integration of the same type and school system, whose return address gets a misdelivered answer. */
  twinFlowName: string;
  /**
   * How the school's answer arrives: a redirect to Passi (GET) or a form the browser posts to Passi
   * (POST). `returnPath` is the start of Passi's return address for this school.
   */
  answerMethod: 'GET' | 'POST';
  returnPath: string;
  /** The cases this school cannot have, each with the reason (the matrix shows them as skipped with it). */
  notApplicable: Partial<Record<CaseName, string>>;
  /** Starts the fake school(s); returns the registry integrations (JSON) for a Passi at `passiUrl`. */
  start(passiUrl: string): Promise<Record<string, unknown>[]>;
  /** After Passi listens (e.g. reading the school's SAML metadata, as the scheduled refresh does). */
  ready?(t: TestApp): Promise<void>;
  /** Arranges what the school answers to the next login. */
  arrange(outcome: SchoolOutcome): void;
  /** Fields a person types into a school's form that posts to Passi (the test directory's login). */
  formFields?(outcome: SchoolOutcome): Record<string, string>;
  /** The school's answer for `outcome` when the fake school cannot send it by itself (built from a genuine one). */
  shapeAnswer?(answer: SchoolAnswer, outcome: SchoolOutcome): SchoolAnswer;
  /**
   * Data-model attributes (docs/data-model.md names) and one value each that the fixture user must
   * yield at the service.
   */
  expected: Record<string, string>;
  /** Text that must never appear in Passi's log (shared secrets, client secrets, passwords). */
  secrets: string[];
  close(): Promise<void>;
}

/** The integration's twin: another flow of the same type and school system (see `twinFlowName`). */
export function twinOf(integration: Record<string, unknown>, twinFlowName: string): Record<string, unknown> {
  return {
    ...integration,
    id: String(Number(integration.id) + 50),
    flowName: twinFlowName,
    discovery: { displayName: { fi: twinFlowName, en: twinFlowName } },
  };
}

/** The school's integrations followed by the twin of the first. */
export function withTwin(
  twinFlowName: string,
  integrations: Record<string, unknown>[],
): Record<string, unknown>[] {
  const [first] = integrations;
  return first ? [...integrations, twinOf(first, twinFlowName)] : integrations;
}
