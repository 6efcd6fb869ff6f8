import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runPassi } from './run-passi.ts';

const env = cliEnv({ PASSI_PUBLIC_URL: 'https://passi.example.fi' });
const passi = (...args: string[]) => runPassi(env, ...args);

describe('passi integrations', () => {
  it("lists what each school configures, warns that a SAML school's metadata was never fetched and that a secret's expiry is unknown", () => {
    const dir = mkdtempSync(join(tmpdir(), 'passi-doc-'));
    const doc = join(dir, 'registry.yaml');
    writeFileSync(
      doc,
      [
        'organisations:',
        '  - oid: 1.2.246.562.99.00000000001',
        '    name: { fi: Mansikkalan testikoulutustoimija }',
        'integrations:',
        '  - id: "4000101"',
        '    organisationOid: 1.2.246.562.99.00000000001',
        '    type: adfs',
        '    flowName: MansikkalaAdfs',
        '    settings: { kind: saml, metadataUrl: "https://adfs.mansikkala.example/FederationMetadata.xml" }',
        '  - id: "4000102"',
        '    organisationOid: 1.2.246.562.99.00000000001',
        '    type: entra',
        '    flowName: MansikkalaEntra',
        '    settings:',
        '      kind: entra',
        '      login: oidc',
        '      tenantId: 3f1c2a3b-1111-4222-8333-944455556666',
        '      clientId: 0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff',
        '    secrets: { clientSecret: "an-entra-client-secret-without-a-recorded-date" }',
        '',
      ].join('\n'),
    );
    const imported = passi('import', doc);
    expect(imported.code, imported.stderr).toBe(0);
    // The import loads a new SAML integration's metadata at once and says when it could not.
    expect(imported.stdout).toContain(
      'warning: integration 4000101: the school IdP metadata could not be loaded (logins there fail until it is; Passi retries every 5 minutes)',
    );
    const out = passi('integrations');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('integration 4000101 (adfs, flow MansikkalaAdfs, test, active)');
    expect(out.stdout).toContain('ACS URL (reply URL): https://passi.example.fi/sp/MansikkalaAdfs/acs');
    expect(out.stdout).toContain("WARNING: the school's IdP metadata has not been fetched yet");
    // The Entra secret is stored but its expiry date is not: nothing could warn before logins stop.
    expect(out.stdout).toContain('integration 4000102 (entra, flow MansikkalaEntra, test, active)');
    expect(out.stdout).toContain("WARNING: the client secret's expiry date is not recorded");
    expect(out.stdout).toContain('2 integrations, 2 with warnings');
    expect(passi('--help').stdout).toContain('passi integrations');
  });
});
