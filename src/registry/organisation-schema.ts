import { z } from 'zod';
import { isValidBusinessId } from './business-id.ts';
import { localisedTextSchema, organisationOidSchema } from './common-schemas.ts';

/**
 * The person registries an education provider can connect (docs/portal.md "Joining"): every integration
 * type except Passi's own test directory. A test keeps this list equal to the connector table.
 */
export const PERSON_REGISTRIES = ['wilma', 'adfs', 'entra', 'google', 'opinsys', 'saml', 'oidc'] as const;
export type PersonRegistry = (typeof PERSON_REGISTRIES)[number];

/** Kinds of contact an organisation names, after MPASSid's management portal (mpassid-reference §9). */
export const CONTACT_KINDS = ['technical', 'administrative', 'security'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

const contactSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(254),
    phone: z.string().max(40).optional(),
  })
  .strict();

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
    /** The contact person named when the organisation joined. */
    contact: contactSchema.optional(),
    /** Who to reach about what; the portal requires at least one technical contact. */
    contacts: z
      .array(contactSchema.extend({ kind: z.enum(CONTACT_KINDS) }).strict())
      .max(30)
      .optional(),
    /** The person registries an education provider said it uses (readiness checklist, docs/portal.md). */
    personRegistries: z.array(z.enum(PERSON_REGISTRIES)).max(PERSON_REGISTRIES.length).optional(),
  })
  .strict();

export type Organisation = z.infer<typeof organisationSchema>;
