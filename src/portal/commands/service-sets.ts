import { randomBytes } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ValidationError } from '../../core/errors.ts';
import { type ServiceSet, serviceSetSchema } from '../../registry/service-set-schema.ts';
import type { Principal } from '../domain/principal.ts';
import type { PortalDeps } from './portal-deps.ts';
import { authoriseServiceChange, authoriseServiceRead, portalActor } from './service-access.ts';

export interface LocalisedName {
  fi?: string | undefined;
  sv?: string | undefined;
  en?: string | undefined;
}

/** The organisation's service sets ("palveluryhmä"), by id. */
export async function listServiceSets(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  ip: string,
): Promise<ServiceSet[]> {
  const registry = await authoriseServiceRead(deps, principal, organisationId, 'see the service sets', ip);
  const snapshot = await registry.cache.current();
  return [...snapshot.serviceSets.values()].filter((s) => s.organisationOid === organisationId);
}

/** A new service set of the organisation; the id is Passi's (the name is what people see). */
export async function createServiceSet(
  deps: PortalDeps,
  principal: Principal,
  organisationId: string,
  name: LocalisedName,
  ip: string,
): Promise<ServiceSet> {
  const registry = await authoriseServiceChange(deps, principal, organisationId, 'create a service set', ip);
  const set = parseServiceSet({
    id: newRegistryId('set'),
    name: cleanName(name),
    organisationOid: organisationId,
  });
  await registry.repo.upsertMany([{ kind: 'serviceSet', doc: set }], portalActor(principal));
  return set;
}

export function parseServiceSet(doc: unknown): ServiceSet {
  const parsed = serviceSetSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    ErrorCodes.REQUEST_INVALID,
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    'service set',
  );
}

/** Empty languages left out, so "at least one of fi, sv, en" is what the schema checks. */
export function cleanName(name: LocalisedName): LocalisedName {
  const out: LocalisedName = {};
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const text = name[lang]?.trim();
    if (text) out[lang] = text;
  }
  return out;
}

/** A registry id nobody chose: a prefix and 80 random bits (ids are public; they only need to be unique). */
export function newRegistryId(prefix: string): string {
  return `${prefix}-${randomBytes(10).toString('hex')}`;
}
