import type { z } from 'zod';
import { type Integration, integrationSchema } from './integration-schema.ts';
import { type Organisation, organisationSchema } from './organisation-schema.ts';
import { type Service, serviceSchema } from './service-schema.ts';
import { type ServiceSet, serviceSetSchema } from './service-set-schema.ts';

export const ENTITY_KINDS = ['organisation', 'serviceSet', 'service', 'integration'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface EntityTypes {
  organisation: Organisation;
  serviceSet: ServiceSet;
  service: Service;
  integration: Integration;
}

export const entitySchemas: { [K in EntityKind]: z.ZodType<EntityTypes[K]> } = {
  organisation: organisationSchema,
  serviceSet: serviceSetSchema,
  service: serviceSchema,
  integration: integrationSchema,
};

/** Where each kind lives in an import/export document. */
export const documentKeys: { [K in EntityKind]: string } = {
  organisation: 'organisations',
  serviceSet: 'serviceSets',
  service: 'services',
  integration: 'integrations',
};

export function entityId<K extends EntityKind>(kind: K, doc: EntityTypes[K]): string {
  if (kind === 'organisation') return (doc as Organisation).oid;
  return (doc as { id: string }).id;
}

/** The second unique key of an entity: flow name, SAML entity id or OIDC client id. */
export function naturalKey<K extends EntityKind>(kind: K, doc: EntityTypes[K]): string | null {
  if (kind === 'integration') return (doc as Integration).flowName;
  if (kind === 'service') {
    const s = doc as Service;
    return s.protocol === 'saml' ? `saml:${s.saml.entityId}` : `oidc:${s.oidc.clientId}`;
  }
  return null;
}

/** Splits write-only secrets out of a document (they are stored encrypted, never exported). */
export function splitSecrets<K extends EntityKind>(
  kind: K,
  doc: EntityTypes[K],
): { publicDoc: EntityTypes[K]; secrets: Record<string, string> | undefined } {
  if (kind === 'integration') {
    const { secrets, ...rest } = doc as Integration;
    return { publicDoc: rest as EntityTypes[K], secrets };
  }
  if (kind === 'service' && (doc as Service).protocol === 'oidc') {
    const {
      clientSecret,
      previousClientSecret: previous,
      ...rest
    } = doc as Extract<Service, { protocol: 'oidc' }>;
    const overlap: Record<string, string> = previous
      ? { previousClientSecret: previous.secret, previousClientSecretExpiresAt: previous.expiresAt }
      : {};
    return {
      publicDoc: rest as EntityTypes[K],
      secrets: clientSecret ? { clientSecret, ...overlap } : undefined,
    };
  }
  return { publicDoc: doc, secrets: undefined };
}
