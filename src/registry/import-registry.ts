import type { ValidationIssue } from '../core/errors.ts';
import type { UpstreamIntegration } from '../core/flow/ports.ts';
import { entityId, splitSecrets } from './entity-kinds.ts';
import { type FieldChange, fieldChanges, formatFieldChange, secretChanges } from './field-changes.ts';
import { toUpstreamIntegration } from './registry-directory.ts';
import { parseRegistryDocument } from './registry-document.ts';
import type { RegistryRepository } from './registry-repository.ts';

export interface ImportChange {
  action: 'create' | 'update' | 'unchanged';
  kind: string;
  id: string;
  /** Top-level fields that differ (updates only). */
  fields: string[];
  /** Every changed value, before → after (updates only); secrets only by name, as `(changed)`. */
  diff: FieldChange[];
  secretsChanged: boolean;
}

/** A school IdP metadata load after the import: absent `error` = loaded and stored. */
export interface MetadataLoad {
  integrationId: string;
  error?: string;
}

export interface ImportResult {
  dryRun: boolean;
  changes: ImportChange[];
  warnings: ValidationIssue[];
  /** Metadata loaded for the SAML integrations this import created or changed (none in a dry run). */
  metadata: MetadataLoad[];
}

/**
 * `passi import`: validates the whole document first (every error with its path, nothing written), then
 * applies it in one transaction. Idempotent: importing the same document twice changes nothing.
 */
export async function importRegistry(
  repo: RegistryRepository,
  text: string,
  options: {
    publicUrl: string;
    now: Date;
    actor: string;
    dryRun?: boolean;
    /**
     * Loads the school IdP metadata of the active integrations the import created or changed (the SAML
     * ones), so the first login after the import finds it instead of waiting for the periodic refresh.
     */
    loadMetadata?: (integrations: UpstreamIntegration[]) => Promise<MetadataLoad[]>;
  },
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
    const secretDiff = secretChanges(current?.secrets ?? {}, secrets);
    const secretsChanged = secretDiff.length > 0;
    if (!current) return { action: 'create', kind: w.kind, id, fields: [], diff: [], secretsChanged };
    const diff = fieldChanges(current.doc, publicDoc);
    const fields = [...new Set(diff.map((d) => /^[^.[]+/.exec(d.path)?.[0] ?? d.path))].sort();
    return {
      action: fields.length || secretsChanged ? 'update' : 'unchanged',
      kind: w.kind,
      id,
      fields,
      diff: [...diff, ...secretDiff],
      secretsChanged,
    };
  });
  let metadata: MetadataLoad[] = [];
  if (!options.dryRun) {
    const toWrite = parsed.writes.filter((_, i) => changes[i]?.action !== 'unchanged');
    if (toWrite.length) await repo.upsertMany(toWrite, options.actor);
    const changed = new Set(
      changes.filter((c) => c.kind === 'integration' && c.action !== 'unchanged').map((c) => c.id),
    );
    if (options.loadMetadata && changed.size > 0) {
      const stored = (await repo.list('integration')).filter(
        (e) => changed.has(e.id) && e.doc.status === 'active',
      );
      metadata = await options.loadMetadata(
        stored.map((e) => toUpstreamIntegration({ integration: e.doc, secrets: e.secrets })),
      );
    }
  }
  return { dryRun: options.dryRun ?? false, changes, warnings: parsed.warnings, metadata };
}

export function formatImportResult(result: ImportResult): string {
  const lines = result.changes.map((c) => {
    const sign = c.action === 'create' ? '+' : c.action === 'update' ? '~' : '=';
    const detail =
      c.action === 'update' ? ` (${[...c.fields, ...(c.secretsChanged ? ['secrets'] : [])].join(', ')})` : '';
    return [`${sign} ${c.kind} ${c.id}${detail}`, ...c.diff.map((d) => `    ${formatFieldChange(d)}`)].join(
      '\n',
    );
  });
  for (const w of result.warnings) lines.push(`warning: ${w.path}: ${w.message}`);
  for (const m of result.metadata) {
    lines.push(
      m.error === undefined
        ? `integration ${m.integrationId}: school IdP metadata loaded`
        : `warning: integration ${m.integrationId}: the school IdP metadata could not be loaded (logins there fail until it is; Passi retries every 5 minutes): ${m.error}`,
    );
  }
  const counts = (a: string) => result.changes.filter((c) => c.action === a).length;
  lines.push(
    `${result.dryRun ? 'dry run: would apply' : 'applied'}: ${counts('create')} created, ${counts('update')} updated, ${counts('unchanged')} unchanged`,
  );
  return lines.join('\n');
}
