import { stringify } from 'yaml';
import { documentKeys, ENTITY_KINDS } from './entity-kinds.ts';
import type { RegistryRepository } from './registry-repository.ts';

/**
 * `passi export`: the registry as a declarative document (the import format). Secrets are never
 * exported; importing the export keeps the stored secrets (docs/registry.md).
 */
export async function exportRegistry(repo: RegistryRepository): Promise<string> {
  const doc: Record<string, unknown[]> = {};
  for (const kind of ENTITY_KINDS) {
    const rows = await repo.list(kind);
    if (rows.length) doc[documentKeys[kind]] = rows.map((r) => r.doc);
  }
  const header =
    '# Passi registry export. Secrets are not exported; importing this file keeps the stored ones.\n';
  return header + stringify(doc, { lineWidth: 0 });
}
