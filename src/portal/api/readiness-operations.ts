import { z } from 'zod';
import { INTERNAL_NAMES } from '../../model/attribute-mapping.ts';
import { ProblemCodes } from '../../model/problem-codes.ts';
import { PERSON_REGISTRIES } from '../../registry/organisation-schema.ts';
import { organisationReadiness } from '../commands/readiness.ts';
import { type ApiOperation, operation } from './api-operation.ts';

const registry = z.enum(PERSON_REGISTRIES).describe('A person registry type (docs/integrations/).');

const checklistSchema = z.object({
  registry,
  items: z.array(
    z.object({
      internalName: z.enum(INTERNAL_NAMES).describe('docs/data-model.md "Attribute names per upstream type"'),
      fieldName: z
        .string()
        .describe('The field, claim or attribute name in this registry (default mapping).'),
      need: z.enum(['required', 'recommended', 'optional']),
      feeds: z.array(z.string()).describe('Data-model attributes this field feeds (docs/data-model.md).'),
      whenMissing: z.enum(['nothing-sent', 'login-blocked', 'dependents-dropped', 'left-out']),
      problem: z.enum(Object.values(ProblemCodes)).optional().describe('The problem code a login records.'),
    }),
  ),
});

/** The readiness checklist in the JSON API (docs/portal.md "Readiness checklist"). */
export const READINESS_OPERATIONS: ApiOperation[] = [
  operation({
    method: 'get',
    path: '/organisations/{organisationId}/readiness',
    operationId: 'getReadiness',
    summary:
      'What the organisation’s person registry must hold for the data model: for the registry chosen with `registry`, or for each registry the organisation uses.',
    auth: 'principal',
    params: z.object({ organisationId: z.string().max(100) }),
    query: z.object({ registry: registry.optional() }),
    status: 200,
    response: z.object({
      organisationId: z.string(),
      personRegistries: z.array(registry),
      checklists: z.array(checklistSchema),
    }),
    handler: async ({ deps, principal, params, query, ip }) => {
      if (!principal) throw new Error('operation with auth "principal" reached without a principal');
      const r = await organisationReadiness(
        deps,
        principal,
        { organisationId: params.organisationId, registry: query.registry },
        ip,
      );
      return {
        organisationId: r.organisationId,
        personRegistries: r.personRegistries,
        checklists: r.checklists,
      };
    },
  }),
];
