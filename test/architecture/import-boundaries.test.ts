import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The tree is the architecture (docs/architecture.md "Rooms"): downstream faces and upstream connectors meet only
 * in core types, and core depends on nothing else. Checked on every test run.
 */
const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g),
    ...text.matchAll(/import\('([^']+)'\)/g),
  ];
  return specs
    .map((m) => m[1] ?? '')
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(SRC, resolve(file, '..', s)));
}

const files = sourceFiles(SRC).map((f) => ({ file: relative(SRC, f), imports: importsOf(f) }));

function violations(from: (file: string) => boolean, forbidden: (target: string) => boolean): string[] {
  return files
    .filter((f) => from(f.file))
    .flatMap((f) => f.imports.filter(forbidden).map((t) => `${f.file} → ${t}`));
}

/**
 * A connector folder `upstream/<type>/` (docs/architecture.md "Rooms") reaches the rest of Passi through ports
 * in core, never through the store, key or registry internals, and never through another connector. It may
 * use the shared SAML SP engine (`upstream/saml/`) and the shared files directly in `upstream/`. Tests beside a
 * connector may wire real components (a test database, the bundled organisation data), so they are not held
 * to this rule.
 */
function isConnectorFile(file: string): boolean {
  return /^upstream\/[^/]+\//.test(file) && !/\.test\.tsx?$/.test(file);
}

function connectorMayImport(file: string, target: string): boolean {
  const own = file.split('/').slice(0, 2).join('/');
  return (
    target.startsWith(`${own}/`) ||
    target.startsWith('upstream/saml/') ||
    /^upstream\/[^/]+$/.test(target) ||
    // Entra ID is one school system in three folders (SAML, OIDC, the Graph client they share), and its OIDC
    // login is the generic OpenID Connect relying party with Entra's settings (docs/integrations/entra.md).
    (/^upstream\/entra[^/]*\//.test(file) && /^upstream\/(entra[^/]*|oidc)\//.test(target)) ||
    // The one outbound HTTP client and the shared value schemas (addresses, ids) every settings schema uses.
    target.startsWith('outbound/') ||
    target === 'registry/common-schemas.ts' ||
    /^(core|protocols|model|http|i18n)\//.test(target)
  );
}

/**
 * Imports that break the connector rule today, each waiting for a port or a move. Remove an entry when its
 * import goes; the test below fails on an entry whose import no longer exists.
 */
const CONNECTOR_IMPORTS_TO_PORT = new Set([
  // Type-only imports of store and key types; they become ports in core.
  'upstream/saml/idp-metadata-store.ts → store/database.ts',
  'upstream/saml/saml-sp-connector.ts → keys/key-store.ts',
  'upstream/saml/saml-sp-connector.ts → store/state/replay-cache.ts',
  'upstream/saml/verify-saml-response.ts → store/state/replay-cache.ts',
]);

describe('import boundaries', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('core imports only core', () => {
    expect(
      violations(
        (f) => f.startsWith('core/'),
        (t) => !t.startsWith('core/'),
      ),
    ).toEqual([]);
  });

  it('downstream faces never import upstream connectors, and the reverse', () => {
    expect(
      violations(
        (f) => f.startsWith('downstream/'),
        (t) => t.startsWith('upstream/'),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => f.startsWith('upstream/'),
        (t) => t.startsWith('downstream/'),
      ),
    ).toEqual([]);
  });

  it('the data model and the protocol layer stay free of HTTP, faces and connectors', () => {
    const outer = (t: string) =>
      /^(http|downstream|upstream|discovery|admin|cli|test-service)\//.test(t) || t === 'app.ts';
    expect(
      violations(
        (f) => f.startsWith('model/') || f.startsWith('protocols/') || f.startsWith('orgdata/'),
        outer,
      ),
    ).toEqual([]);
  });

  it('a connector imports only its own folder, the shared upstream parts, core, protocols, model, HTTP glue and i18n', () => {
    expect(
      files
        .filter((f) => isConnectorFile(f.file))
        .flatMap((f) =>
          f.imports.filter((t) => !connectorMayImport(f.file, t)).map((t) => `${f.file} → ${t}`),
        )
        .filter((edge) => !CONNECTOR_IMPORTS_TO_PORT.has(edge)),
    ).toEqual([]);
  });

  it('the connector allow-list holds only imports that still exist', () => {
    const edges = new Set(files.flatMap((f) => f.imports.map((t) => `${f.file} → ${t}`)));
    expect([...CONNECTOR_IMPORTS_TO_PORT].filter((edge) => !edges.has(edge))).toEqual([]);
  });

  it('the connector rule refuses store, keys and registry internals and another connector', () => {
    expect(connectorMayImport('upstream/wilma/wilma-connector.ts', 'upstream/wilma/wilma-hmac.ts')).toBe(
      true,
    );
    expect(connectorMayImport('upstream/adfs/adfs-connector.ts', 'upstream/saml/saml-sp-connector.ts')).toBe(
      true,
    );
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'upstream/structured-values.ts')).toBe(true);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'core/errors.ts')).toBe(true);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'http/send-action.ts')).toBe(true);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'store/database.ts')).toBe(false);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'keys/key-store.ts')).toBe(false);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'registry/registry-document.ts')).toBe(false);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'upstream/wilma/wilma-routes.ts')).toBe(false);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'app.ts')).toBe(false);
    expect(connectorMayImport('upstream/wilma/wilma-connector.ts', 'outbound/outbound-fetch.ts')).toBe(true);
    expect(connectorMayImport('upstream/entra-oidc/entra-dispatcher.ts', 'upstream/oidc/oidc-rp.ts')).toBe(
      true,
    );
    expect(connectorMayImport('upstream/wilma/wilma-connector.ts', 'upstream/oidc/oidc-rp.ts')).toBe(false);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'upstream/entra/entra-settings.ts')).toBe(false);
    expect(connectorMayImport('upstream/oidc/oidc-rp.ts', 'registry/registry-repository.ts')).toBe(false);
  });

  it('only the composition root and the CLI import app.ts', () => {
    expect(
      violations(
        (f) => !f.startsWith('cli/'),
        (t) => t === 'app.ts',
      ),
    ).toEqual([]);
  });
});
