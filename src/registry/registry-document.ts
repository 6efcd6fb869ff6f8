import { type Document, parseDocument } from 'yaml';
import { ErrorCodes } from '../core/error-codes.ts';
import { ValidationError, type ValidationIssue } from '../core/errors.ts';
import { checkIntegrationPhase } from './check-integration-phase.ts';
import { checkServiceRules } from './check-service-rules.ts';
import {
  documentKeys,
  ENTITY_KINDS,
  type EntityKind,
  type EntityTypes,
  entityId,
  entitySchemas,
  naturalKey,
} from './entity-kinds.ts';
import type { EntityWrite, StoredEntity } from './registry-repository.ts';
import { YAML_LIMITS, yamlShapeIssues } from './yaml-limits.ts';

export interface ParsedRegistryDocument {
  writes: EntityWrite[];
  warnings: ValidationIssue[];
}

export interface ExistingRegistry {
  entities: StoredEntity[];
}

/**
 * Parses and validates a declarative registry document (docs/registry.md). Every error is collected with
 * its path (`services[2].saml.acs[0].location`), so one run reports them all; nothing is written here.
 * `${publicUrl}` in any string is replaced by this Passi's public URL.
 */
export function parseRegistryDocument(
  text: string,
  context: { publicUrl: string; now: Date; existing: ExistingRegistry },
): ParsedRegistryDocument {
  const issues: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  issues.push(...yamlShapeIssues(text));
  if (issues.length) throw new ValidationError(ErrorCodes.REGISTRY_INVALID, issues, 'registry document');
  const yamlDoc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  for (const e of yamlDoc.errors)
    issues.push({ path: `line ${e.linePos?.[0]?.line ?? '?'}`, message: e.message });
  if (issues.length) throw new ValidationError(ErrorCodes.REGISTRY_INVALID, issues, 'registry document');

  const root = substitute(readYaml(yamlDoc), context.publicUrl);
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new ValidationError(
      ErrorCodes.REGISTRY_INVALID,
      [{ path: '', message: 'must be a mapping' }],
      'registry document',
    );
  }
  const known = new Set(Object.values(documentKeys));
  for (const key of Object.keys(root)) {
    if (!known.has(key))
      issues.push({ path: key, message: `unknown section (expected one of ${[...known].join(', ')})` });
  }

  const writes: EntityWrite[] = [];
  for (const kind of ENTITY_KINDS) {
    const section = (root as Record<string, unknown>)[documentKeys[kind]];
    if (section === undefined || section === null) continue;
    if (!Array.isArray(section)) {
      issues.push({ path: documentKeys[kind], message: 'must be a list' });
      continue;
    }
    section.forEach((item, i) => {
      const path = `${documentKeys[kind]}[${i}]`;
      const result = entitySchemas[kind].safeParse(item);
      if (!result.success) {
        for (const issue of result.error.issues)
          issues.push({ path: joinPath(path, issue.path), message: issue.message });
        // Still check the organisation reference of an invalid entry, so one run reports every error.
        const oid =
          typeof item === 'object' && item !== null
            ? (item as Record<string, unknown>).organisationOid
            : undefined;
        if (
          kind !== 'organisation' &&
          typeof oid === 'string' &&
          !organisationExists(oid, root, context.existing)
        ) {
          if (!result.error.issues.some((i) => i.path[0] === 'organisationOid')) {
            issues.push({ path: `${path}.organisationOid`, message: `organisation ${oid} does not exist` });
          }
        }
        return;
      }
      writes.push({ kind, doc: result.data } as EntityWrite);
      if (kind === 'service') {
        const rules = checkServiceRules(result.data as EntityTypes['service'], path, context.now);
        issues.push(...rules.errors);
        warnings.push(...rules.warnings);
      }
      if (kind === 'integration') {
        const integration = result.data as EntityTypes['integration'];
        issues.push(...checkIntegrationPhase(integration, path, context.existing.entities));
      }
    });
  }
  issues.push(...checkReferences(writes, context.existing, root as Record<string, unknown[]>));
  if (issues.length) throw new ValidationError(ErrorCodes.REGISTRY_INVALID, issues, 'registry document');
  return { writes, warnings };
}

/** Cross-entity rules: unique ids and natural keys, and every reference resolves. */
function checkReferences(
  writes: EntityWrite[],
  existing: ExistingRegistry,
  root: Record<string, unknown[]>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const pathOf = (kind: EntityKind, doc: unknown) =>
    `${documentKeys[kind]}[${(root[documentKeys[kind]] ?? []).findIndex((x) => sameId(kind, x, doc))}]`;
  const ids = new Map<string, Set<string>>(ENTITY_KINDS.map((k) => [k, new Set<string>()]));
  const keys = new Map<string, string>();
  for (const e of existing.entities) {
    ids.get(e.kind)?.add(e.id);
    const nk = naturalKey(e.kind, e.doc);
    if (nk) keys.set(`${e.kind}|${nk}`, e.id);
  }
  const seen = new Set<string>();
  for (const w of writes) {
    const id = entityId(w.kind, w.doc);
    const path = pathOf(w.kind, w.doc);
    if (seen.has(`${w.kind}|${id}`)) issues.push({ path, message: `duplicate id ${id} in this document` });
    seen.add(`${w.kind}|${id}`);
    ids.get(w.kind)?.add(id);
    const nk = naturalKey(w.kind, w.doc);
    if (nk) {
      const owner = keys.get(`${w.kind}|${nk}`);
      if (owner !== undefined && owner !== id) {
        issues.push({ path, message: `${describeKey(nk)} is already used by ${w.kind} ${owner}` });
      }
      keys.set(`${w.kind}|${nk}`, id);
    }
  }
  for (const w of writes) {
    const path = pathOf(w.kind, w.doc);
    if (w.kind !== 'organisation') {
      const oid = (w.doc as { organisationOid: string }).organisationOid;
      if (!ids.get('organisation')?.has(oid))
        issues.push({ path: `${path}.organisationOid`, message: `organisation ${oid} does not exist` });
    }
    if (w.kind === 'service') {
      (w.doc as EntityTypes['service']).serviceSets.forEach((set, i) => {
        if (!ids.get('serviceSet')?.has(set))
          issues.push({ path: `${path}.serviceSets[${i}]`, message: `service set ${set} does not exist` });
      });
    }
    if (w.kind === 'integration') {
      (w.doc as EntityTypes['integration']).allowedServices.forEach((ref, i) => {
        if (!ids.get('serviceSet')?.has(ref) && !ids.get('service')?.has(ref)) {
          issues.push({ path: `${path}.allowedServices[${i}]`, message: `no service set or service ${ref}` });
        }
      });
    }
  }
  return issues;
}

function organisationExists(oid: string, root: object, existing: ExistingRegistry): boolean {
  if (existing.entities.some((e) => e.kind === 'organisation' && e.id === oid)) return true;
  const orgs = (root as Record<string, unknown>).organisations;
  return (
    Array.isArray(orgs) &&
    orgs.some((o) => typeof o === 'object' && o !== null && (o as Record<string, unknown>).oid === oid)
  );
}

function sameId(kind: EntityKind, raw: unknown, doc: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const key = kind === 'organisation' ? 'oid' : 'id';
  return (raw as Record<string, unknown>)[key] === (doc as Record<string, unknown>)[key];
}

function describeKey(nk: string): string {
  if (nk.startsWith('saml:')) return `SAML entity id ${nk.slice(5)}`;
  if (nk.startsWith('oidc:')) return `OIDC client id ${nk.slice(5)}`;
  return `flow name ${nk}`;
}

function joinPath(base: string, rest: readonly PropertyKey[]): string {
  return rest.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`),
    base,
  );
}

function substitute(value: unknown, publicUrl: string): unknown {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: `${publicUrl}` is the document's placeholder syntax.
  if (typeof value === 'string') return value.replaceAll('${publicUrl}', publicUrl);
  if (Array.isArray(value)) return value.map((v) => substitute(v, publicUrl));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, publicUrl)]));
  }
  return value;
}

/** The document as plain data; an alias expanding too far is the document's fault (yaml's maxAliasCount). */
function readYaml(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliases }) ?? {};
  } catch (cause) {
    if (!(cause instanceof ReferenceError)) throw cause;
    throw new ValidationError(
      ErrorCodes.REGISTRY_INVALID,
      [{ path: '', message: `aliases expand too far: ${cause.message}` }],
      'registry document',
    );
  }
}
