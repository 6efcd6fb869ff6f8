import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/log-capture.ts';
import type { LoginEvent } from '../core/flow/login-events.ts';
import { logLoginEvents } from './log-login-events.ts';

const base = { flowId: 'flow-1', at: '2026-03-01T10:00:00.000Z' };
const EVENTS: LoginEvent[] = [
  {
    ...base,
    type: 'login.started',
    serviceId: 'svc',
    face: 'oidc',
    requestedTags: ['t'],
    requestedSources: [],
    forceAuthn: false,
    isPassive: false,
  },
  { ...base, type: 'discovery.shown', serviceId: 'svc', candidates: 3 },
  {
    ...base,
    type: 'upstream.started',
    serviceId: 'svc',
    integrationId: 'i1',
    integrationType: 'wilma',
    flowName: 'W',
    chosenBy: 'discovery',
  },
  {
    ...base,
    type: 'upstream.verified',
    serviceId: 'svc',
    integrationId: 'i1',
    integrationType: 'wilma',
    flowName: 'W',
  },
  {
    ...base,
    type: 'login.completed',
    serviceId: 'svc',
    integrationId: 'i1',
    flowName: 'W',
    sessionReused: false,
    school: '00001',
    roleKind: 'pupil',
    withProblems: false,
  },
];

const failed = (code: string): LoginEvent => ({
  ...base,
  type: 'login.failed',
  code,
  errorId: 'e-1',
  serviceId: 'svc',
  integrationId: 'i1',
  flowName: 'W',
  detail: 'the school answered 500',
  upstream: { status: 500 },
  request: { face: 'saml', forceAuthn: false, isPassive: false, authnSources: [], authnTags: [] },
});

function subscriber() {
  const log = captureLog();
  const app = Fastify({ logger: { level: 'info', stream: log.stream } });
  return {
    hear: logLoginEvents(app.log),
    lines: () => log.lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('the log subscriber to login events', () => {
  it('one info line per progress event, with its name, flow id and the failure line field names', () => {
    const s = subscriber();
    for (const e of EVENTS) void s.hear(e);
    const lines = s.lines();
    expect(lines.map((l) => [l.event, l.level, l.flowId])).toEqual(EVENTS.map((e) => [e.type, 30, 'flow-1']));
    expect(lines[0]).toMatchObject({
      service: 'svc',
      face: 'oidc',
      requestedTags: ['t'],
      msg: 'login started',
    });
    expect(lines[2]).toMatchObject({ integration: 'i1', integrationType: 'wilma', chosenBy: 'discovery' });
    expect(lines[4]).toMatchObject({ integration: 'i1', flowName: 'W', sessionReused: false });
  });

  it('a failure is the failure line: warn when someone must act, info for a cancellation', () => {
    const s = subscriber();
    void s.hear(failed('PASSI_UPSTREAM_FAILED'));
    void s.hear(failed('PASSI_LOGIN_BLOCKED'));
    void s.hear(failed('PASSI_UPSTREAM_CANCELLED'));
    const [upstream, blocked, cancelled] = s.lines();
    expect(upstream).toMatchObject({
      level: 40,
      msg: 'login failed',
      event: 'login.failed',
      errorId: 'e-1',
      flowId: 'flow-1',
      service: 'svc',
      integration: 'i1',
      flowName: 'W',
      reason: 'PASSI_UPSTREAM_FAILED',
      detail: 'the school answered 500',
      upstream: { status: 500 },
    });
    expect(blocked).toMatchObject({ level: 40, msg: 'login blocked' });
    expect(cancelled).toMatchObject({ level: 30, msg: 'login failed', reason: 'PASSI_UPSTREAM_CANCELLED' });
  });
});
