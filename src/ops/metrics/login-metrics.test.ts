import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { LoginEvent } from '../../core/flow/login-events.ts';
import { createLoginMetrics } from './login-metrics.ts';

const known = {
  services: new Set(['svc']),
  integrations: new Set(['int']),
};

function metrics() {
  const registry = new Registry();
  const m = createLoginMetrics({ registry, knownIds: async () => known, flowTtlMs: 60_000 });
  return { registry, ...m };
}

const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s)).toISOString();
const failed = (over: Partial<Extract<LoginEvent, { type: 'login.failed' }>>): LoginEvent => ({
  type: 'login.failed',
  flowId: 'f',
  at: at(0),
  code: 'PASSI_UPSTREAM_FAILED',
  errorId: 'e',
  serviceId: 'svc',
  integrationId: 'int',
  flowName: 'F',
  detail: '',
  request: { face: 'saml', forceAuthn: false, isPassive: false, authnSources: [], authnTags: [] },
  ...over,
});

describe('login metrics', () => {
  it('times the phases of one login from its events', async () => {
    const m = metrics();
    const base = { flowId: 'f1', serviceId: 'svc' };
    await m.subscriber({
      ...base,
      type: 'login.started',
      at: at(0),
      face: 'saml',
      requestedTags: [],
      requestedSources: [],
      forceAuthn: false,
      isPassive: false,
    });
    await m.subscriber({
      ...base,
      type: 'upstream.started',
      at: at(1),
      integrationId: 'int',
      integrationType: 'saml',
      flowName: 'F',
      chosenBy: 'hint',
    });
    await m.subscriber({
      ...base,
      type: 'upstream.verified',
      at: at(31),
      integrationId: 'int',
      integrationType: 'saml',
      flowName: 'F',
    });
    await m.subscriber({
      ...base,
      type: 'login.completed',
      at: at(32),
      integrationId: 'int',
      flowName: 'F',
      sessionReused: false,
      school: '00001',
      roleKind: 'pupil',
      withProblems: false,
    });
    const text = await m.registry.metrics();
    const sums = Object.fromEntries(
      [...text.matchAll(/^passi_login_phase_seconds_sum\{phase="(\w+)"\} (\S+)$/gm)].map((x) => [
        x[1],
        Number(x[2]),
      ]),
    );
    expect(sums).toEqual({ to_school: 1, at_school: 30, to_service: 1 });
    expect(m.timedFlows()).toBe(0);
  });

  it('folds ids the registry does not know into "other" and codes outside the table too', async () => {
    const m = metrics();
    await m.subscriber(failed({ serviceId: 'attacker-chosen-1', integrationId: 'gone' }));
    await m.subscriber(
      failed({ serviceId: 'attacker-chosen-2', integrationId: undefined, code: 'NOT_A_CODE' }),
    );
    await m.subscriber(failed({}));
    const text = await m.registry.metrics();
    expect(text).toContain(
      'passi_logins_total{outcome="failed",code="PASSI_UPSTREAM_FAILED",service="other"} 1',
    );
    expect(text).toContain('passi_logins_total{outcome="failed",code="other",service="other"} 1');
    expect(text).toContain(
      'passi_logins_total{outcome="failed",code="PASSI_UPSTREAM_FAILED",service="svc"} 1',
    );
    expect(text).toContain(
      'passi_integration_logins_total{outcome="failed",code="other",integration="none"} 1',
    );
    expect(text).toContain(
      'passi_upstream_errors_total{code="PASSI_UPSTREAM_FAILED",integration="int",stage="answered"} 1',
    );
    expect(text).not.toContain('attacker-chosen');
    expect(text).not.toContain('gone');
  });

  it('keeps separate counts in separate registries (several apps in one process)', async () => {
    const a = metrics();
    const b = metrics();
    await a.subscriber(failed({}));
    expect(await a.registry.metrics()).toContain('passi_logins_total{');
    expect(await b.registry.metrics()).not.toContain('passi_logins_total{');
  });
});
