import { Counter, Histogram, type Registry } from 'prom-client';
import { isErrorCode } from '../../core/error-codes.ts';
import type { LoginEvent, LoginEventSubscriber } from '../../core/flow/login-events.ts';
import { boundedLabel, NONE, OTHER } from './bounded-label.ts';
import { FlowTimings } from './flow-timings.ts';

/** The ids the registry knows: label values are limited to these (docs/operations.md "Metrics"). */
export interface KnownIds {
  services: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  integrations: ReadonlySet<string> | ReadonlyMap<string, unknown>;
}

/** The phases of a login timed by `passi_login_phase_seconds`. */
export type LoginPhase = 'to_school' | 'at_school' | 'to_service';

/** From a few milliseconds (Passi's own work) to minutes (a person typing a password at the school). */
const PHASE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** Logins in progress remembered for the phase times, at most. */
const MAX_FLOWS_TIMED = 20_000;

/** A code label: a code of the error table, else "other" (codes come from the table; this keeps the bound). */
export function codeLabel(code: string): string {
  return isErrorCode(code) ? code : OTHER;
}

/**
 * The login metrics, fed by the login events: finished logins by outcome, code, service and integration,
 * the time of each phase, and errors answered for a school. Labels use only ids the registry knows.
 */
export function createLoginMetrics(input: {
  registry: Registry;
  /** The registry's ids now (the cached snapshot). */
  knownIds: () => Promise<KnownIds>;
  /** How long a login may take (the flow's lifetime): older unfinished logins are forgotten. */
  flowTtlMs: number;
}) {
  const registers = [input.registry];
  const byService = new Counter({
    name: 'passi_logins_total',
    help: 'Finished logins by outcome (completed, failed), error code (none when completed) and service.',
    labelNames: ['outcome', 'code', 'service'] as const,
    registers,
  });
  const byIntegration = new Counter({
    name: 'passi_integration_logins_total',
    help: 'Finished logins by outcome (completed, failed), error code (none when completed) and school integration (none: ended before a school was chosen).',
    labelNames: ['outcome', 'code', 'integration'] as const,
    registers,
  });
  const phases = new Histogram({
    name: 'passi_login_phase_seconds',
    help: 'Time of each login phase: to_school (service request to the school login started), at_school (until the school answer was accepted), to_service (until the service was answered).',
    labelNames: ['phase'] as const,
    buckets: PHASE_BUCKETS,
    registers,
  });
  const upstreamErrors = new Counter({
    name: 'passi_upstream_errors_total',
    help: 'Logins a school made fail, by code and integration: stage=answered (the service was answered with the error), stage=refused (an answer refused at the return address).',
    labelNames: ['code', 'integration', 'stage'] as const,
    registers,
  });
  const timings = new FlowTimings(input.flowTtlMs, MAX_FLOWS_TIMED);

  const observe = (phase: LoginPhase, from: number | undefined, to: number) => {
    if (from !== undefined && to >= from) phases.observe({ phase }, (to - from) / 1000);
  };

  /** The phase times are taken at once, in event order; the counters wait for the registry's ids. */
  const timePhases = (event: LoginEvent): void => {
    const at = Date.parse(event.at);
    if (Number.isNaN(at)) return;
    switch (event.type) {
      case 'login.started':
        timings.mark(event.flowId, 'startedAt', at);
        return;
      case 'upstream.started':
        observe('to_school', timings.mark(event.flowId, 'upstreamAt', at)?.startedAt, at);
        return;
      case 'upstream.verified':
        observe('at_school', timings.mark(event.flowId, 'verifiedAt', at)?.upstreamAt, at);
        return;
      case 'login.completed':
        // A reused SSO session has no school phases; only a login through a school is timed to the service.
        observe('to_service', timings.take(event.flowId, at)?.verifiedAt, at);
        return;
      case 'login.failed':
        timings.take(event.flowId, at);
        return;
      default:
        return;
    }
  };

  const subscriber: LoginEventSubscriber = async (event) => {
    timePhases(event);
    if (event.type !== 'login.completed' && event.type !== 'login.failed') return;
    const known = await input.knownIds();
    const service = boundedLabel(event.serviceId, known.services);
    const integration = boundedLabel(event.integrationId, known.integrations);
    if (event.type === 'login.completed') {
      byService.inc({ outcome: 'completed', code: NONE, service });
      byIntegration.inc({ outcome: 'completed', code: NONE, integration });
      return;
    }
    const code = codeLabel(event.code);
    byService.inc({ outcome: 'failed', code, service });
    byIntegration.inc({ outcome: 'failed', code, integration });
    if (event.code.startsWith('PASSI_UPSTREAM_'))
      upstreamErrors.inc({ code, integration, stage: 'answered' });
  };

  return {
    subscriber,
    /** An answer refused at a school's return address (not a login.failed: the flow stays open). */
    async refusedAtReturn(code: string, integrationId: string | undefined): Promise<void> {
      const known = await input.knownIds();
      upstreamErrors.inc({
        code: codeLabel(code),
        integration: boundedLabel(integrationId, known.integrations),
        stage: 'refused',
      });
    },
    /** Logins in progress being timed (tests: the map stays bounded). */
    timedFlows: () => timings.size,
  };
}
