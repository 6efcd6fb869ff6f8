import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../store/database.ts';
import type { SecretBox } from '../../store/secret-box.ts';
import type { TestLoginOutcome, TestLoginRecorder } from '../../test-service/test-login-outcome.ts';
import { recordTestLogin } from '../commands/integration-test-login.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { integrationTestPath } from '../commands/production-integration.ts';
import type { TestLoginObservation } from '../domain/test-login-verdict.ts';
import type { Mailer } from '../mail/mailer.ts';
import { TEST_TICKET_TTL_MS } from '../store/integration-test-store.ts';
import { portalCookies } from './portal-cookies.ts';
import { lookUpSession } from './portal-session.ts';

/**
 * The cookie carrying a portal test login's ticket from the portal to the attribute test service's result
 * page. Only the ticket's SHA-256 is stored, with the person and integration it was issued for; the
 * cookie is taken once. SameSite=Lax like the test service's own cookies: Passi's auto-POST page is
 * same-site, a POST from anywhere else comes without it.
 */
export function testTicketCookie(publicUrl: string) {
  const secure = publicUrl.startsWith('https:');
  const name = `${secure ? '__Host-' : ''}passi_portal_test`;
  const options = { path: '/', secure, httpOnly: true, sameSite: 'lax' as const };
  return {
    set: (reply: FastifyReply, ticket: string) =>
      reply.setCookie(name, ticket, { ...options, maxAge: TEST_TICKET_TTL_MS / 1000 }),
    take: (request: FastifyRequest, reply: FastifyReply): string | undefined => {
      const value = request.cookies[name];
      if (value === undefined) return undefined;
      reply.clearCookie(name, options);
      return value.length > 0 && value.length <= 100 ? value : '';
    },
  };
}

/**
 * Saves the result page of a test login started from the portal with the integration (test-login-outcome.ts):
 * the ticket from this browser's cookie, the person signed in to the portal in this browser, and the
 * integration the login's own report names must all agree (recordTestLogin).
 */
export function portalTestLoginRecorder(input: {
  db: () => Db;
  box: () => SecretBox;
  clock: Clock;
  publicUrl: string;
}): TestLoginRecorder {
  const ticketCookie = testTicketCookie(input.publicUrl);
  const cookies = portalCookies(input.publicUrl);
  return async (request, reply, outcome) => {
    const ticket = ticketCookie.take(request, reply);
    if (ticket === undefined) return undefined;
    const deps: PortalDeps = {
      db: input.db(),
      box: input.box(),
      clock: input.clock,
      mailer: NO_MAIL,
      publicUrl: input.publicUrl,
    };
    const found = await lookUpSession(deps, cookies, request);
    const result = await recordTestLogin(deps, {
      ticket: ticket || undefined,
      personId: found.viewer?.person.id,
      loginIntegrationId: outcome.detail?.integrationId,
      observation: observationOf(outcome),
      ip: request.ip,
    });
    return result.recorded
      ? {
          saved: { passed: result.passed },
          backHref: integrationTestPath(result.organisationId, result.integrationId),
        }
      : { saved: { refused: true }, backHref: '/portal/' };
  };
}

/** Recording a result sends no e-mail. */
const NO_MAIL: Mailer = {
  send: async () => {
    throw new Error('recording a test login sends no e-mail');
  },
};

/** What the verdict needs; undefined when Passi's answer was not accepted (nothing to say about the integration). */
function observationOf(outcome: TestLoginOutcome): TestLoginObservation | undefined {
  const failure = outcome.failure;
  if (failure && failure.reason !== 'refused') return undefined;
  return {
    protocol: outcome.protocol,
    ...(failure ? { refused: failure.protocolError } : {}),
    blocked: outcome.detail?.blocked ?? failure !== undefined,
    statuses: outcome.rows.map((r) => ({ name: r.name, status: r.status })),
    rules: (outcome.detail?.problems ?? []).map((p) => ({
      code: p.code,
      severity: p.severity,
      attributes: p.attributes,
    })),
  };
}
