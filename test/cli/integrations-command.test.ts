import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runPassi } from './run-passi.ts';

const env = cliEnv({ PASSI_PUBLIC_URL: 'https://passi.example.fi' });
const passi = (...args: string[]) => runPassi(env, ...args);

describe('passi integrations', () => {
  it("lists what each school configures and warns that a SAML school's metadata was never fetched", () => {
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
        '',
      ].join('\n'),
    );
    const imported = passi('import', doc);
    expect(imported.code, imported.stderr).toBe(0);
    const out = passi('integrations');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('integration 4000101 (adfs, flow MansikkalaAdfs, test, active)');
    expect(out.stdout).toContain('ACS URL (reply URL): https://passi.example.fi/sp/MansikkalaAdfs/acs');
    expect(out.stdout).toContain("WARNING: the school's IdP metadata has not been fetched yet");
    expect(out.stdout).toContain('1 integrations, 1 with warnings');
    expect(passi('--help').stdout).toContain('passi integrations');
  });
});
