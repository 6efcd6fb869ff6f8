import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { type TestLoginObservation, testLoginVerdict } from '../domain/test-login-verdict.ts';
import { createIntegrationTestStore, type StoredTestLogin } from '../store/integration-test-store.ts';
import { integrationOfOrganisation } from './integration-test-access.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** How many results the integration's page and the API show. */
export const TEST_LOGINS_SHOWN = 10;

/**
 * Starts "Test the connection" for a test integration (docs/portal.md "Test login and production"): a
 * single-use ticket bound to this person and this integration, which the browser carries in a cookie to
 * the attribute test service; the login is pinned to the integration with `urn:mpass.id:authnsource:`.
 * Main users of the education provider and operators; only active test integrations, because the test
 * service is a test service and production integrations never serve it (docs/registry.md).
 */
export async function startTestLogin(
  deps: PortalDeps,
  principal: Principal,
  ids: { organisationId: string; integrationId: string },
  ip: string,
): Promise<{ ticket: string; flowName: string }> {
  const integration = await integrationOfOrganisation(
    deps,
    principal,
    ids,
    { what: 'start a test login', change: true },
    ip,
  );
  if (integration.deploymentPhase !== 'test' || integration.status !== 'active') {
    fail(
      ErrorCodes.PORTAL_INTEGRATION_NOT_TESTABLE,
      `integration ${integration.id} is ${integration.status} in ${integration.deploymentPhase}: only an active test integration can be tried with the attribute test service`,
    );
  }
  const now = deps.clock.now();
  const ticket = await createIntegrationTestStore(deps.db).createTicket(
    { personId: principal.personId, organisationId: ids.organisationId, integrationId: integration.id },
    now,
  );
  await portalStores(deps.db, deps.clock).audit.record({
    actor: principal.personId,
    action: 'test-login-started',
    organisationId: ids.organisationId,
    subject: integration.id,
    ip,
  });
  return { ticket, flowName: integration.flowName };
}

export type TestLoginRecording =
  | { recorded: true; passed: boolean; organisationId: string; integrationId: string }
  | { recorded: false; reason: 'ticket' | 'person' | 'integration' | 'no-answer' };

/**
 * Stores the result of a test login the portal started, when the attribute test service shows it. Nothing
 * the browser chooses names the integration: the ticket does (single use, 15 minutes, by its hash), the
 * signed-in person must be the one who started it, and the login's own report must name the same
 * integration. A login Passi refused is stored as failed; an answer the test service could not accept
 * (`no-answer`) says nothing about the integration and is not stored.
 */
export async function recordTestLogin(
  deps: PortalDeps,
  input: {
    ticket: string | undefined;
    /** The portal person signed in in this browser now, if any. */
    personId: string | undefined;
    /** The integration the login's report names; absent when Passi answered without a report. */
    loginIntegrationId: string | undefined;
    /** Undefined when the test service could not accept Passi's answer. */
    observation: TestLoginObservation | undefined;
    ip: string;
  },
): Promise<TestLoginRecording> {
  const now = deps.clock.now();
  const store = createIntegrationTestStore(deps.db);
  const ticket = input.ticket ? await store.takeTicket(input.ticket, now) : undefined;
  const refused = async (reason: 'ticket' | 'person' | 'integration' | 'no-answer') => {
    await portalStores(deps.db, deps.clock).audit.record({
      actor: input.personId ?? 'anonymous',
      action: 'test-login-refused',
      organisationId: ticket?.organisationId,
      subject: ticket?.integrationId,
      ip: input.ip,
      detail: { reason, loginIntegrationId: input.loginIntegrationId ?? null },
    });
    return { recorded: false as const, reason };
  };
  if (!ticket) return refused('ticket');
  if (input.personId !== ticket.personId) return refused('person');
  if (input.loginIntegrationId !== undefined && input.loginIntegrationId !== ticket.integrationId)
    return refused('integration');
  const observation = input.observation;
  // Without the login's report only a refusal Passi answered is a result (its integration is the pinned one).
  if (!observation || (input.loginIntegrationId === undefined && observation.refused === undefined))
    return refused('no-answer');
  const verdict = testLoginVerdict(observation);
  await deps.db.transaction().execute(async (tx) => {
    await createIntegrationTestStore(tx).recordResult({
      organisationId: ticket.organisationId,
      integrationId: ticket.integrationId,
      personId: ticket.personId,
      at: now,
      protocol: observation.protocol,
      passed: verdict.passed,
      problems: verdict.problems,
    });
    await portalStores(tx, deps.clock).audit.record({
      actor: ticket.personId,
      action: 'test-login-recorded',
      organisationId: ticket.organisationId,
      subject: ticket.integrationId,
      ip: input.ip,
      detail: { passed: verdict.passed },
    });
  });
  return {
    recorded: true,
    passed: verdict.passed,
    organisationId: ticket.organisationId,
    integrationId: ticket.integrationId,
  };
}

/** The integration's last test logins, newest first: who, when, pass or fail and the problems. Viewers too. */
export async function lastTestLogins(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  integrationId: string,
  ip = '',
): Promise<StoredTestLogin[]> {
  await integrationOfOrganisation(
    deps,
    principal,
    { organisationId, integrationId },
    { what: 'see test logins', change: false },
    ip,
  );
  return createIntegrationTestStore(deps.db).lastResults(integrationId, TEST_LOGINS_SHOWN);
}
