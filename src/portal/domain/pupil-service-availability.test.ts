import { describe, expect, it } from 'vitest';
import { integrationSchema } from '../../registry/integration-schema.ts';
import type { RegistrySnapshot } from '../../registry/registry-snapshot.ts';
import { serviceSchema } from '../../registry/service-schema.ts';
import { type AgreementView, pupilServiceAvailability } from './pupil-service-availability.ts';

const EDU = '1.2.246.562.99.00000000011';
const SP = '1.2.246.562.99.00000000022';

const service = (id: string, over: Record<string, unknown> = {}) =>
  serviceSchema.parse({
    id,
    organisationOid: SP,
    name: { en: id },
    serviceSets: ['set'],
    protocol: 'oidc',
    oidc: { clientId: `${id}-client-id`, redirectUris: ['https://sp.example/cb'] },
    ...over,
  });

const integration = (over: Record<string, unknown> = {}) =>
  integrationSchema.parse({
    id: '4000222',
    organisationOid: EDU,
    type: 'test-directory',
    flowName: 'Testi',
    deploymentPhase: 'test',
    ...over,
  });

function snapshot(
  services: ReturnType<typeof service>[],
  integrations: ReturnType<typeof integration>[],
): Pick<RegistrySnapshot, 'services' | 'serviceSets' | 'organisations' | 'integrations'> {
  return {
    services: new Map(services.map((s) => [s.id, { service: s, secrets: {} }])),
    serviceSets: new Map([['set', { id: 'set', name: { en: 'Set' }, organisationOid: SP }]]),
    organisations: new Map([
      [SP, { oid: SP, name: { en: 'Provider' }, roles: ['serviceProvider'] as const }],
    ]),
    integrations: new Map(integrations.map((i) => [i.id, { integration: i, secrets: {} }])),
  } as Pick<RegistrySnapshot, 'services' | 'serviceSets' | 'organisations' | 'integrations'>;
}

const agreement = (state: AgreementView['state']): AgreementView => ({
  id: 'a',
  state,
  requestedAt: new Date(0),
  decidedAt: null,
  reason: null,
});

const reasonOf = (
  s: ReturnType<typeof service>,
  integrations = [integration()],
  agreements = new Map<string, AgreementView>(),
) => pupilServiceAvailability(snapshot([s], integrations), EDU, agreements)[0]?.reason;

describe('whether an education provider’s pupils can use a service now', () => {
  it('names the first reason, in the order the login meets them', () => {
    const byAgreement = service('x', { access: 'agreement' });
    expect(reasonOf(service('x', { status: 'inactive', access: 'agreement' }))).toBe('inactive');
    expect(reasonOf(byAgreement, [])).toBe('not-allowed');
    expect(reasonOf(byAgreement, [integration({ status: 'inactive' })])).toBe('not-allowed');
    expect(reasonOf(byAgreement, [integration({ allowedServices: ['other'] })])).toBe('not-allowed');
    expect(reasonOf(service('x', { access: 'agreement', deploymentPhase: 'production' }))).toBe('phase');
    expect(reasonOf(byAgreement)).toBe('agreement-not-requested');
    for (const state of ['requested', 'declined', 'withdrawn'] as const) {
      expect(reasonOf(byAgreement, [integration()], new Map([['x', agreement(state)]]))).toBe(
        `agreement-${state}`,
      );
    }
    expect(reasonOf(byAgreement, [integration()], new Map([['x', agreement('accepted')]]))).toBeNull();
  });

  it('an open service and a built-in one need no agreement; another organisation’s integration does not count', () => {
    expect(reasonOf(service('x'))).toBeNull();
    expect(reasonOf(service('x', { access: 'agreement', alwaysAllowed: true }))).toBeNull();
    expect(reasonOf(service('x'), [integration({ organisationOid: SP })])).toBe('not-allowed');
  });
});
