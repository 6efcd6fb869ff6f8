import { z } from 'zod';
import type { Organisation } from './organisation.ts';

const names = z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() });

/** Validates organisation records read from JSON (snapshot file, store rows). */
export const organisationSchema = z.object({
  oid: z.string().regex(/^[0-2](\.\d+)+$/),
  kind: z.enum(['koulutustoimija', 'oppilaitos', 'toimipiste']),
  names,
  schoolCode: z.string().optional(),
  officeCode: z.string().optional(),
  institutionType: z.string().optional(),
  parentOid: z.string().optional(),
  active: z.boolean(),
  municipality: z
    .object({
      code: z.string().regex(/^\d{3}$/),
      names: z.object({ fi: z.string().optional(), sv: z.string().optional() }),
    })
    .optional(),
  closedOn: z.string().optional(),
  source: z.string().min(1),
}) satisfies z.ZodType<Organisation>;

export const orgdataSnapshotSchema = z.object({
  description: z.string().optional(),
  source: z.string(),
  organisations: z.array(organisationSchema),
});
