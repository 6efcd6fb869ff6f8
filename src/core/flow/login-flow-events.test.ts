import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../error-codes.ts';
import { PassiError } from '../errors.ts';
import type { LoginRequest } from '../login-request.ts';
import type { ResolvedIdentity } from '../resolved-identity.ts';
import { fixedClock } from '../testing/fixed-clock.ts';
import type { FlowState, FlowStore } from './flow-state.ts';
import type { LoginEvent } from './login-events.ts';
import { createLoginFlow } from './login-flow.ts';
import type { LoginFailure, LoginSuccess, UpstreamConnector, UpstreamIntegration } from './ports.ts';
import type { SessionState } from './session-state.ts';

/** The flow engine with in-memory ports: which events each path of a login emits, in order. */
const AT = new Date('2026-03-01T10:00:00.000Z');
const PERSON = { firstName: ['Maija'], learnerId: ['1.2.246.562.24.00000000001'] };

const integration = (id: string, flowName: string): UpstreamIntegration => ({
  id,
  type: 'fake',
  flowName,
  organisationOid: '1.2.246.562.99.00000000001',
  settings: {},
  secrets: {},
});

function setup(options: { integrations?: UpstreamIntegration[]; finish?: 'ok' | 'cancel' | 'blocked' } = {}) {
  const integrations = options.integrations ?? [integration('i1', 'One')];
  const events: LoginEvent[] = [];
  const flows = new Map<string, FlowState>();
  const sessions = new Map<string, SessionState>();
  const flowStore: FlowStore = {
    create: async (f) => void flows.set(f.id, f),
    get: async (id) => flows.get(id),
    save: async (f) => flows.has(f.id) && Boolean(flows.set(f.id, f)),
    consume: async (id) => {
      const f = flows.get(id);
      flows.delete(id);
      return f;
    },
  };
  const connector: UpstreamConnector = {
    type: 'fake',
    start: async () => ({ action: { kind: 'redirect', location: 'https://school.example/login' } }),
    readState: () => undefined,
    finish: async ({ integration: i }) => {
      if (options.finish === 'cancel') throw new PassiError(ErrorCodes.UPSTREAM_CANCELLED, 'cancelled');
      return {
        integrationId: i.id,
        flowName: i.flowName,
        attributes: PERSON,
        authnInstant: AT.toISOString(),
      };
    },
  };
  const outcomes: (LoginSuccess | LoginFailure)[] = [];
  let ids = 0;
  const flow = createLoginFlow({
    flows: flowStore,
    sessions: {
      create: async (s) => void sessions.set(s.id, s),
      get: async (id) => sessions.get(id),
      destroy: async (id) => void sessions.delete(id),
    },
    directory: {
      service: async (id) => ({ id, name: { en: 'Service' }, protocol: 'saml', allowTestLearnerId: true }),
      candidates: async () => integrations,
      byId: async (id) => integrations.find((i) => i.id === id),
    },
    connectors: new Map([['fake', connector]]),
    resolver: {
      resolve: async (): Promise<ResolvedIdentity> =>
        options.finish === 'blocked'
          ? {
              attributes: {},
              problems: [{ code: 'LEARNER_ID_MISSING', severity: 'error', attributes: [], message: 'x' }],
              blocked: true,
            }
          : { uid: 'u1', attributes: { firstName: ['Maija'] }, problems: [], blocked: false },
    },
    recorder: {
      record: async () => {},
      recordWithSession: async (_report, s) => void sessions.set(s.id, s),
    },
    faces: {
      saml: {
        respond: async (_flow, outcome) => {
          outcomes.push(outcome);
          return { kind: 'json', status: 200, body: {} };
        },
      },
    },
    clock: fixedClock(AT),
    flowTtlSeconds: 600,
    sessionTtlSeconds: 3600,
    formTokenSecret: Buffer.alloc(32, 1),
    discoveryPath: '/discovery',
    newId: () => `id-${++ids}`,
    newErrorId: () => 'error-1',
    events: { emit: (e) => events.push(e) },
  });
  return { flow, events, outcomes };
}

const request = (over: Partial<LoginRequest> = {}): LoginRequest => ({
  face: 'saml',
  serviceId: 'svc',
  forceAuthn: false,
  isPassive: false,
  authnSources: [],
  authnTags: [],
  faceState: {},
  ...over,
});

const types = (events: LoginEvent[]) => events.map((e) => e.type);

describe('login events from the flow engine', () => {
  it('a login through discovery: every event with the flow id and the clock time, in order', async () => {
    const { flow, events } = setup({ integrations: [integration('i1', 'One'), integration('i2', 'Two')] });
    const step = await flow.begin(request({ authnTags: ['tag'] }), undefined);
    const current = await flow.current(step.flowId);
    await flow.choose(step.flowId, 'i2', 'fi', flow.formToken(current));
    const done = await flow.finishUpstream(step.flowId, 'i2', {
      method: 'POST',
      rawQuery: '',
      query: {},
      body: {},
    });
    expect(types(events)).toEqual([
      'login.started',
      'discovery.shown',
      'upstream.started',
      'upstream.verified',
      'login.completed',
    ]);
    for (const e of events) expect(e).toMatchObject({ flowId: step.flowId, at: AT.toISOString() });
    expect(events[0]).toMatchObject({ serviceId: 'svc', requestedTags: ['tag'], face: 'saml' });
    expect(events[1]).toMatchObject({ candidates: 2 });
    expect(events[2]).toMatchObject({ integrationId: 'i2', integrationType: 'fake', chosenBy: 'discovery' });
    expect(events[4]).toMatchObject({ integrationId: 'i2', flowName: 'Two', sessionReused: false });
    // No attribute values in any event.
    expect(JSON.stringify(events)).not.toMatch(/Maija|1\.2\.246\.562\.24/);
    expect(done.sessionId).toEqual(expect.any(String));
  });

  it('a hinted or only integration says how it was chosen', async () => {
    const hinted = setup({ integrations: [integration('i1', 'One'), integration('i2', 'Two')] });
    await hinted.flow.begin(request({ authnSources: ['Two'] }), undefined);
    expect(hinted.events.at(-1)).toMatchObject({
      type: 'upstream.started',
      integrationId: 'i2',
      chosenBy: 'hint',
    });
    const only = setup();
    await only.flow.begin(request(), undefined);
    expect(types(only.events)).toEqual(['login.started', 'upstream.started']);
    expect(only.events.at(-1)).toMatchObject({ chosenBy: 'only-choice' });
  });

  it('a reused SSO session: started, then completed with sessionReused', async () => {
    const { flow, events } = setup();
    const first = await flow.begin(request(), undefined);
    const done = await flow.finishUpstream(first.flowId, 'i1', {
      method: 'GET',
      rawQuery: '',
      query: {},
      body: {},
    });
    events.length = 0;
    const second = await flow.begin(request(), done.sessionId);
    expect(types(events)).toEqual(['login.started', 'login.completed']);
    expect(events[1]).toMatchObject({ flowId: second.flowId, sessionReused: true, integrationId: 'i1' });
  });

  it('a cancelled, a blocked and an impossible passive login: login.failed with the error id the service got', async () => {
    const cancelled = setup({ finish: 'cancel' });
    const step = await cancelled.flow.begin(request(), undefined);
    await cancelled.flow.finishUpstream(step.flowId, 'i1', {
      method: 'GET',
      rawQuery: '',
      query: {},
      body: {},
    });
    expect(types(cancelled.events)).toEqual(['login.started', 'upstream.started', 'login.failed']);
    expect(cancelled.events.at(-1)).toMatchObject({
      code: ErrorCodes.UPSTREAM_CANCELLED,
      errorId: 'error-1',
      serviceId: 'svc',
      integrationId: 'i1',
      flowId: step.flowId,
    });
    expect(cancelled.outcomes.at(-1)).toMatchObject({ ok: false, errorId: 'error-1' });

    const blocked = setup({ finish: 'blocked' });
    const b = await blocked.flow.begin(request(), undefined);
    await blocked.flow.finishUpstream(b.flowId, 'i1', { method: 'GET', rawQuery: '', query: {}, body: {} });
    expect(types(blocked.events)).toEqual([
      'login.started',
      'upstream.started',
      'upstream.verified',
      'login.failed',
    ]);
    expect(blocked.events.at(-1)).toMatchObject({
      code: ErrorCodes.LOGIN_BLOCKED,
      upstream: { problems: ['LEARNER_ID_MISSING'] },
    });

    const passive = setup();
    await passive.flow.begin(request({ isPassive: true }), undefined);
    expect(types(passive.events)).toEqual(['login.started', 'login.failed']);
    expect(passive.events.at(-1)).toMatchObject({ code: ErrorCodes.NO_PASSIVE, integrationId: undefined });
  });
});

describe('a school whose organisation has no accepted agreement for a service by agreement', () => {
  const waiting = { ...integration('i1', 'One'), agreementMissing: true };

  it('the only choice is refused before anything reaches the school: no upstream.started, no answer to the service', async () => {
    const { flow, events, outcomes } = setup({ integrations: [waiting] });
    await expect(flow.begin(request(), undefined)).rejects.toMatchObject({
      code: ErrorCodes.SERVICE_AGREEMENT_MISSING,
      status: 403,
    });
    expect(types(events)).toEqual(['login.started']);
    expect(outcomes).toEqual([]);
  });

  it('chosen on the discovery page it is refused the same way; another school of the service still starts', async () => {
    const { flow, events } = setup({ integrations: [waiting, integration('i2', 'Two')] });
    const step = await flow.begin(request(), undefined);
    const current = await flow.current(step.flowId);
    await expect(flow.choose(step.flowId, 'i1', 'fi', flow.formToken(current))).rejects.toMatchObject({
      code: ErrorCodes.SERVICE_AGREEMENT_MISSING,
    });
    expect(types(events)).not.toContain('upstream.started');
    await flow.choose(step.flowId, 'i2', 'fi', flow.formToken(current));
    expect(types(events)).toContain('upstream.started');
  });
});
