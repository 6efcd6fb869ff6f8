import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';

import {
  type Organisation,
  organisationSchema,
  PERSON_REGISTRIES,
  type PersonRegistry,
} from '../../registry/organisation-schema.ts';
import type { Db } from '../../store/database.ts';
import type { Principal } from '../domain/principal.ts';
import { type ReadinessChecklist, readinessChecklist } from '../domain/readiness-checklist.ts';
import { authoriseOrganisation } from './organisation-access.ts';
import type { PortalDeps } from './portal-deps.ts';

export interface OrganisationReadiness {
  organisationId: string;
  organisationName: Organisation['name'];
  /** The registries the organisation said it uses (its registry document's `personRegistries`). */
  personRegistries: PersonRegistry[];
  /** The chosen registry's checklist, or one per registry the organisation uses. */
  checklists: ReadinessChecklist[];
}

/**
 * The readiness checklist of one organisation (docs/portal.md "Readiness checklist"): every role of that
 * organisation and operators may read it; anyone else is refused (403) and the refusal audited, the same
 * rule as `authoriseChange` without the viewer restriction, since this only reads.
 */
export async function organisationReadiness(
  deps: PortalDeps,
  principal: Principal,
  input: { organisationId: string; registry?: string },
  ip: string,
): Promise<OrganisationReadiness> {
  await authoriseOrganisation(
    deps,
    principal,
    input.organisationId,
    { what: 'read the readiness checklist', change: false },
    ip,
  );
  const chosen = input.registry;
  if (chosen !== undefined && !isPersonRegistry(chosen))
    fail(ErrorCodes.REQUEST_INVALID, `registry must be one of ${PERSON_REGISTRIES.join(', ')}`);
  // An organisation not (yet) in the registry, e.g. while it joins, has named no registries: the chooser
  // still works. The same answer for any unknown id tells an operator nothing more than the registry does.
  const organisation = await findOrganisation(deps.db, input.organisationId);
  const used = organisation?.personRegistries ?? [];
  return {
    organisationId: input.organisationId,
    organisationName: organisation?.name ?? {},
    personRegistries: [...used],
    checklists: (chosen ? [chosen] : used).map(readinessChecklist),
  };
}

function isPersonRegistry(value: string): value is PersonRegistry {
  return (PERSON_REGISTRIES as readonly string[]).includes(value);
}

/** The organisation's registry document as stored (validated on import; parsed again to read it typed). */
async function findOrganisation(db: Db, organisationId: string): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom('registry_entity')
    .select('doc')
    .where('kind', '=', 'organisation')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  const parsed = organisationSchema.safeParse(row?.doc);
  return parsed.success ? parsed.data : undefined;
}
