import { z } from 'zod';
import { isValidBusinessId } from '../../registry/business-id.ts';
import { organisationOidSchema } from '../../registry/common-schemas.ts';
import { PERSON_REGISTRIES } from '../../registry/organisation-schema.ts';
import { emailSchema } from './invite-person.ts';

export const JOIN_KINDS = ['education', 'service', 'both'] as const;

/**
 * One application to join Passi (docs/portal.md "Joining"): the fields MPASSid's onboarding asks for
 * (mpassid-reference §10: name, address, Y-tunnus, contact person) plus the person registries an
 * education provider uses and the acceptance of the current terms. The JSON API takes this shape; the
 * form's fields carry the same names. Every string is bounded.
 */
export const joinApplicationSchema = z
  .object({
    kind: z.enum(JOIN_KINDS).describe('education provider, service provider, or both'),
    name: z.string().trim().min(2).max(200),
    street: z.string().trim().min(1).max(200),
    postalCode: z
      .string()
      .trim()
      .regex(/^\d{5}$/, 'must be a 5-digit Finnish postal code'),
    city: z.string().trim().min(1).max(100),
    businessId: z
      .string()
      .trim()
      .max(9)
      .refine(isValidBusinessId, 'must be a Y-tunnus with a correct check digit, e.g. 0920632-0'),
    contactName: z.string().trim().min(1).max(200),
    contactEmail: emailSchema,
    // ITU-T E.164 allows 15 digits; spaces, hyphens and brackets as people write them.
    contactPhone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()-]{4,29}$/, 'must be a phone number, e.g. +358 40 123 4567'),
    personRegistries: z
      .array(z.enum(PERSON_REGISTRIES))
      .max(PERSON_REGISTRIES.length)
      .default([])
      .describe('Education providers: the person registries in use (at least one).'),
    acceptTerms: z.literal(true).describe('The applicant accepts the terms version `termsVersion`.'),
    termsVersion: z.number().int().positive().describe('The current terms version (GET /join/terms).'),
    organisationOid: organisationOidSchema
      .nullable()
      .default(null)
      .describe('The OPH organisation OID the applicant confirmed; null: the operator assigns it.'),
    language: z.enum(['fi', 'sv', 'en']).default('fi').describe('Language of the e-mails’ first part.'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind !== 'service' && v.personRegistries.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['personRegistries'],
        message: 'an education provider names at least one person registry',
      });
  });

export type JoinApplicationInput = z.infer<typeof joinApplicationSchema>;
export type JoinField = Exclude<keyof JoinApplicationInput, 'language'>;

/** The form fields in the order of the form: the error summary lists problems in this order. */
export const JOIN_FIELDS: readonly JoinField[] = [
  'kind',
  'name',
  'street',
  'postalCode',
  'city',
  'businessId',
  'contactName',
  'contactEmail',
  'contactPhone',
  'personRegistries',
  'acceptTerms',
  'termsVersion',
  'organisationOid',
];

/** A form post as the schema's input: checkboxes become an array and a boolean, numbers numbers. */
export function joinInputFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const str = (v: unknown, max = 300) => (typeof v === 'string' ? v.slice(0, max) : '');
  const registries = body.personRegistries;
  const oid = str(body.organisationOid, 40);
  return {
    kind: str(body.kind, 20),
    name: str(body.name),
    street: str(body.street),
    postalCode: str(body.postalCode, 20),
    city: str(body.city),
    businessId: str(body.businessId, 20),
    contactName: str(body.contactName),
    contactEmail: str(body.contactEmail),
    contactPhone: str(body.contactPhone, 50),
    personRegistries: (Array.isArray(registries) ? registries : registries === undefined ? [] : [registries])
      .slice(0, PERSON_REGISTRIES.length)
      .map((r) => str(r, 20)),
    acceptTerms: body.acceptTerms === 'yes',
    termsVersion: Number(str(body.termsVersion, 10)) || 0,
    organisationOid: oid === '' || oid === 'none' ? null : oid,
    language: ['fi', 'sv', 'en'].includes(str(body.language, 2)) ? str(body.language, 2) : 'fi',
  };
}

/** Field → problem, for the form's error summary; nothing else is reported to the applicant. */
export function joinFieldErrors(issues: readonly z.core.$ZodIssue[]): JoinField[] {
  const bad = new Set(issues.map((i) => String(i.path[0] ?? '')));
  return JOIN_FIELDS.filter((f) => bad.has(f));
}
