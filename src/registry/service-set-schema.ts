import { z } from 'zod';
import { localisedTextSchema, organisationOidSchema, registryIdSchema } from './common-schemas.ts';

/**
 * A service set ("palveluryhmä", github.com/Opetushallitus/MPASSid-hallintapalvelu): what education providers allow.
 * Every service belongs to at least one set.
 */
export const serviceSetSchema = z
  .object({
    id: registryIdSchema,
    name: localisedTextSchema,
    organisationOid: organisationOidSchema,
  })
  .strict();

export type ServiceSet = z.infer<typeof serviceSetSchema>;
