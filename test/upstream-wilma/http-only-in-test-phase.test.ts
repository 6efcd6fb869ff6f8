import { describe, expect, it } from 'vitest';
import { integrationSchema } from '../../src/registry/integration-schema.ts';

const base = { id: '4000901', organisationOid: '1.2.246.562.99.00000000001', flowName: 'X' };

describe('connector base URLs: plain http only in deploymentPhase test', () => {
  it.each([
    ['wilma', { kind: 'wilma', hostname: 'wilma.example.fi', baseUrl: 'http://127.0.0.1:1' }, 'baseUrl'],
    [
      'opinsys',
      { kind: 'opinsys', organisationDomain: 'a.opinsys.fi', apiBaseUrl: 'http://127.0.0.1:1' },
      'apiBaseUrl',
    ],
    ['oidc', { kind: 'oidc', issuer: 'http://127.0.0.1:1', clientId: 'c' }, 'issuer'],
    [
      'entra',
      {
        kind: 'entra',
        tenantId: '3f1c2a3b-1111-4222-8333-944455556666',
        clientId: '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff',
        login: 'oidc',
        loginBaseUrl: 'http://127.0.0.1:1',
      },
      'loginBaseUrl',
    ],
  ])('%s', (type, settings, field) => {
    expect(integrationSchema.safeParse({ ...base, type, settings, deploymentPhase: 'test' }).success).toBe(
      true,
    );
    const prod = integrationSchema.safeParse({ ...base, type, settings, deploymentPhase: 'production' });
    expect(prod.success).toBe(false);
    expect(prod.error?.issues[0]?.path).toEqual(['settings', field]);
    const https = Object.fromEntries(
      Object.entries(settings).map(([k, v]) => [
        k,
        typeof v === 'string' ? v.replace('http://', 'https://') : v,
      ]),
    );
    expect(
      integrationSchema.safeParse({ ...base, type, settings: https, deploymentPhase: 'production' }).success,
    ).toBe(true);
  });
});
