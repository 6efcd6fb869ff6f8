import { ErrorCodes } from '../../core/error-codes.ts';
import { ValidationError } from '../../core/errors.ts';
import { checkServiceRules } from '../../registry/check-service-rules.ts';
import type { RegistrySnapshot } from '../../registry/registry-snapshot.ts';
import { type Service, serviceSchema } from '../../registry/service-schema.ts';

/**
 * A service document as the registry will store it: the schema, then the rules of "Connecting a service"
 * (https in production, no fragment or user information, valid certificates), then the unique SAML entity
 * id. Every problem is reported with its path, nothing is stored (the same checks as `passi import`).
 */
export function validService(doc: unknown, snapshot: RegistrySnapshot, now: Date): Service {
  const parsed = serviceSchema.safeParse(doc);
  if (!parsed.success) {
    throw new ValidationError(
      ErrorCodes.REQUEST_INVALID,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      'service',
    );
  }
  const service = parsed.data;
  const { errors } = checkServiceRules(service, 'service', now);
  if (service.protocol === 'saml') {
    const holder = snapshot.servicesBySamlEntityId.get(service.saml.entityId);
    if (holder && holder.service.id !== service.id)
      errors.push({ path: 'service.saml.entityId', message: 'is already registered to another service' });
  }
  if (errors.length > 0) {
    throw new ValidationError(
      ErrorCodes.REQUEST_INVALID,
      errors.map((e) => ({ ...e, path: e.path.replace(/^service\./, '') })),
      'service',
    );
  }
  return service;
}
