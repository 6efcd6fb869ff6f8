import type { ValidationIssue } from '../core/errors.ts';
import { entityId, splitSecrets } from './entity-kinds.ts';
import { parseRegistryDocument } from './registry-document.ts';
import { canonicalJson, type RegistryRepository } from './registry-repository.ts';

export interface ImportChange {
  action: 'create' | 'update' | 'unchanged';
  kind: string;
  id: string;
  /** Top-level fields that differ (updates only). */
  fields: string[];
  secretsChanged: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  changes: ImportChange[];
  warnings: ValidationIssue[];
}

/**
 * `passi import`: validates the whole document first (every error with its path, nothing written), then
 * applies it in one transaction. Idempotent: importing the same document twice changes nothing.
 */
export async function importRegistry(
  repo: RegistryRepository,
  text: string,
  options: { publicUrl: string; now: Date; actor: string; dryRun?: boolean },
): Promise<ImportResult> {
  const existingLists = await Promise.all([
    repo.list('organisation'),
    repo.list('serviceSet'),
    repo.list('service'),
    repo.list('integration'),
  ]);
  const entities = existingLists.flat();
  const parsed = parseRegistryDocument(text, {
    publicUrl: options.publicUrl,
    now: options.now,
    existing: { entities },
  });
  const byKey = new Map(entities.map((e) => [`${e.kind}|${e.id}`, e]));
  const changes: ImportChange[] = parsed.writes.map((w) => {
    const id = entityId(w.kind, w.doc);
    const { publicDoc, secrets } = splitSecrets(w.kind, w.doc);
    const current = byKey.get(`${w.kind}|${id}`);
    const secretsChanged =
      secrets !== undefined && canonicalJson(secrets) !== canonicalJson(current?.secrets ?? {});
    if (!current) return { action: 'create', kind: w.kind, id, fields: [], secretsChanged };
    const before = current.doc as unknown as Record<string, unknown>;
    const after = publicDoc as unknown as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k]))
      .sort();
    return {
      action: fields.length || secretsChanged ? 'update' : 'unchanged',
      kind: w.kind,
      id,
      fields,
      secretsChanged,
    };
  });
  if (!options.dryRun) {
    const toWrite = parsed.writes.filter((_, i) => changes[i]?.action !== 'unchanged');
    if (toWrite.length) await repo.upsertMany(toWrite, options.actor);
  }
  return { dryRun: options.dryRun ?? false, changes, warnings: parsed.warnings };
}

export function formatImportResult(result: ImportResult): string {
  const lines = result.changes.map((c) => {
    const sign = c.action === 'create' ? '+' : c.action === 'update' ? '~' : '=';
    const detail =
      c.action === 'update' ? ` (${[...c.fields, ...(c.secretsChanged ? ['secrets'] : [])].join(', ')})` : '';
    return `${sign} ${c.kind} ${c.id}${detail}`;
  });
  for (const w of result.warnings) lines.push(`warning: ${w.path}: ${w.message}`);
  const counts = (a: string) => result.changes.filter((c) => c.action === a).length;
  lines.push(
    `${result.dryRun ? 'dry run: would apply' : 'applied'}: ${counts('create')} created, ${counts('update')} updated, ${counts('unchanged')} unchanged`,
  );
  return lines.join('\n');
}
