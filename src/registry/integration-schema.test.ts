import { describe, expect, it } from 'vitest';
import { INTEGRATION_TYPES } from '../upstream/index.ts';
import { integrationSchema, SETTINGS_KIND_OF_TYPE } from './integration-schema.ts';

const base = { id: '4000100', organisationOid: '1.2.246.562.99.00000000001', flowName: 'Koulu' };

/** The smallest valid settings of each kind. */
const SETTINGS = {
  'test-directory': { kind: 'test-directory' },
  saml: { kind: 'saml', metadataUrl: 'https://idp.school.fi/metadata' },
  wilma: { kind: 'wilma', hostname: 'wilma.school.fi' },
  entra: {
    kind: 'entra',
    tenantId: '3f1c2a3b-1111-4222-8333-944455556666',
    clientId: '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff',
  },
  opinsys: { kind: 'opinsys', organisationDomain: 'koulu.opinsys.fi' },
  oidc: { kind: 'oidc', issuer: 'https://idp.school.fi', clientId: 'passi' },
} as const;

function issuesOf(input: Record<string, unknown>) {
  const result = integrationSchema.safeParse({ ...base, ...input });
  return (result.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('integration type and settings.kind (docs/registry.md)', () => {
  it('knows the settings kind of every type', () => {
    expect(Object.keys(SETTINGS_KIND_OF_TYPE).sort()).toEqual([...INTEGRATION_TYPES].sort());
  });

  it.each(INTEGRATION_TYPES.map((type) => [type, SETTINGS_KIND_OF_TYPE[type]] as const))(
    'accepts type %s with settings of kind %s',
    (type, kind) => {
      expect(issuesOf({ type, settings: SETTINGS[kind] })).toEqual([]);
    },
  );

  it.each([
    // type, settings, path, message
    ['adfs', SETTINGS.wilma, 'settings.kind', 'must be saml for type adfs (got wilma)'],
    [
      'google',
      SETTINGS['test-directory'],
      'settings.kind',
      'must be saml for type google (got test-directory)',
    ],
    ['wilma', SETTINGS.saml, 'settings.kind', 'must be wilma for type wilma (got saml)'],
    ['entra', SETTINGS.saml, 'settings.kind', 'must be entra for type entra (got saml)'],
    ['saml', SETTINGS.entra, 'settings.kind', 'must be saml for type saml (got entra)'],
    ['opinsys', SETTINGS.oidc, 'settings.kind', 'must be opinsys for type opinsys (got oidc)'],
    ['oidc', SETTINGS.opinsys, 'settings.kind', 'must be oidc for type oidc (got opinsys)'],
    [
      'test-directory',
      SETTINGS.wilma,
      'settings.kind',
      'must be test-directory for type test-directory (got wilma)',
    ],
    ['wilma', undefined, 'settings', 'is required for type wilma (settings: { kind: wilma, … })'],
    ['adfs', undefined, 'settings', 'is required for type adfs (settings: { kind: saml, … })'],
    ['entra', undefined, 'settings', 'is required for type entra (settings: { kind: entra, … })'],
    ['oidc', undefined, 'settings', 'is required for type oidc (settings: { kind: oidc, … })'],
  ] as const)('refuses type %s with settings %j', (type, settings, path, message) => {
    expect(issuesOf({ type, settings })).toEqual([{ path, message }]);
  });

  it('defaults the settings of a test-directory integration', () => {
    const parsed = integrationSchema.parse({ ...base, type: 'test-directory' });
    expect(parsed.settings).toEqual({ kind: 'test-directory' });
  });

  it('reports a mismatch together with the entry’s other errors', () => {
    expect(issuesOf({ type: 'adfs', flowName: '1bad', settings: SETTINGS.wilma }).map((i) => i.path)).toEqual(
      ['flowName', 'settings.kind'],
    );
  });
});

describe('integration id (the uid formula needs a fixed width)', () => {
  it.each(['400000', '40000011', 'adfs_4000001', 'x1', '0400000', '4000001 '])('refuses id %j', (id) => {
    expect(issuesOf({ id, type: 'test-directory' })).toEqual([
      {
        path: 'id',
        message:
          'must be a 7-digit integration id (e.g. 4000001): urn:mpass.id:uid hashes the id and the user name together',
      },
    ]);
  });

  it('accepts 7-digit ids in the MPASSid ranges', () => {
    expect(issuesOf({ id: '1000001', type: 'test-directory' })).toEqual([]);
    expect(issuesOf({ id: '4999999', type: 'test-directory' })).toEqual([]);
  });
});

describe('school IdP metadata URL', () => {
  const entra = {
    kind: 'entra',
    tenantId: '3f1c2a3b-1111-4222-8333-944455556666',
    clientId: '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff',
  };
  it.each([
    ['adfs', { kind: 'saml', metadataUrl: 'http://adfs.school.fi/FederationMetadata.xml' }],
    ['google', { kind: 'saml', metadataUrl: 'http://idp.school.fi/metadata' }],
    ['saml', { kind: 'saml', metadataUrl: 'http://idp.school.fi/metadata' }],
    ['entra', { ...entra, metadataUrl: 'http://login.example/FederationMetadata.xml' }],
  ])(
    '%s: plain http is refused outside the test phase (anyone on the path could swap the keys)',
    (type, settings) => {
      for (const deploymentPhase of ['production', 'preproduction']) {
        expect(issuesOf({ type, settings, deploymentPhase })).toEqual([
          { path: 'settings.metadataUrl', message: 'must be an https URL outside deploymentPhase test' },
        ]);
      }
      expect(issuesOf({ type, settings, deploymentPhase: 'test' })).toEqual([]);
      const https = { ...settings, metadataUrl: settings.metadataUrl.replace('http:', 'https:') };
      expect(issuesOf({ type, settings: https, deploymentPhase: 'production' })).toEqual([]);
    },
  );
});
