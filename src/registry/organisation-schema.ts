import { z } from 'zod';
import { isValidBusinessId } from './business-id.ts';
import { localisedTextSchema, organisationOidSchema } from './common-schemas.ts';

/**
 * A member organisation of the trust network: an education provider, a service provider, or both
 * (https://mpass.fi/kayttoonotto/). Identity = OPH organisation OID + Y-tunnus.
 */
export const organisationSchema = z
  .object({
    oid: organisationOidSchema,
    name: localisedTextSchema,
    businessId: z
      .string()
      .refine(
        isValidBusinessId,
        'must be a valid Y-tunnus (business id) with a correct check digit, e.g. 0920632-0',
      )
      .optional(),
    roles: z
      .array(z.enum(['educationProvider', 'serviceProvider']))
      .min(1)
      .default(['educationProvider']),
    address: z
      .object({
        street: z.string().max(200).optional(),
        postalCode: z
          .string()
          .regex(/^\d{5}$/, 'must be a 5-digit Finnish postal code')
          .optional(),
        city: z.string().max(100).optional(),
      })
      .strict()
      .optional(),
    contact: z
      .object({
        name: z.string().min(1).max(200),
        email: z.email(),
        phone: z.string().max(40).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Organisation = z.infer<typeof organisationSchema>;
