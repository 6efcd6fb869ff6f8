import { createHash } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ValidationError } from '../../core/errors.ts';
import { entitySchemas } from '../../registry/entity-kinds.ts';
import type { Principal } from '../domain/principal.ts';
import { checkLogoImage, LOGO_CONTENT_TYPES } from '../logos/logo-image.ts';
import { createLogoStore } from '../store/logo-store.ts';
import type { HistoryKind } from '../store/registry-history-store.ts';
import { organisationRegistryOf } from './organisation-registry.ts';
import { ownedEntity } from './owned-entity.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** Where uploaded logos are served (docs/portal.md "Logos"). */
export const UPLOADED_LOGO_PATH = '/logos';

export interface UploadedLogo {
  /** The registry `logo` value: `<sha256>.<png|jpg|webp>`. */
  file: string;
  url: string;
  width: number;
  height: number;
  changed: boolean;
}

/**
 * Stores a logo for an integration (its discovery entry) or a service of the organisation and names it in
 * the entity's registry document (a change through the repository, audited). The file is checked strictly
 * first (logo-image.ts); a refusal says why in the `logo` field's issue.
 */
export async function uploadLogo(
  deps: PortalDeps,
  principal: Principal,
  input: {
    organisationId: string;
    kind: HistoryKind;
    entityId: string;
    bytes: Uint8Array;
    /** The revision a portal form read; a newer stored one refuses the change (409), as other saves. */
    expectedRevision?: number | undefined;
  },
  ip: string,
): Promise<UploadedLogo> {
  const entity = await ownedEntity(
    deps,
    principal,
    input,
    { what: `upload a logo for ${input.kind}`, change: true },
    ip,
  );
  const checked = checkLogoImage(input.bytes);
  if (!checked.ok)
    throw new ValidationError(
      ErrorCodes.PORTAL_LOGO_INVALID,
      [{ path: 'logo', message: `${checked.reason}: ${checked.detail}` }],
      'logo',
    );
  const { image } = checked;
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const file = `${sha256}.${image.type}`;
  const { repo } = organisationRegistryOf(deps);
  // A form read at an older revision stores no file: the registry write below refuses it (409, naming who
  // changed the entity). Checked again under the row lock there; a change in between leaves at most an
  // unnamed file, harmless as files are named by their digest.
  const stale =
    input.expectedRevision !== undefined &&
    (await repo.find(entity.kind, entity.id))?.revision !== input.expectedRevision;
  if (!stale)
    await createLogoStore(deps.db).put({
      sha256,
      content_type: LOGO_CONTENT_TYPES[image.type],
      width: image.width,
      height: image.height,
      bytes: input.bytes,
      created_by: principal.personId,
    });
  const doc =
    entity.kind === 'integration'
      ? { ...entity.doc, discovery: { ...asRecord(entity.doc.discovery), logo: file } }
      : { ...entity.doc, logo: file };
  const parsed = entitySchemas[entity.kind].safeParse(doc);
  if (!parsed.success)
    throw new ValidationError(
      ErrorCodes.REQUEST_INVALID,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      entity.kind,
    );
  const { changed } = await repo.upsertMany(
    [
      {
        kind: entity.kind,
        doc: parsed.data,
        ...(input.expectedRevision === undefined ? {} : { expectedRevision: input.expectedRevision }),
      },
    ],
    `portal:${principal.email}`,
  );
  await portalStores(deps.db, deps.clock).audit.record({
    actor: principal.personId,
    action: 'logo-uploaded',
    organisationId: input.organisationId,
    subject: `${entity.kind} ${entity.id}`,
    ip,
    detail: { file, width: image.width, height: image.height, bytes: input.bytes.byteLength },
  });
  return {
    file,
    url: `${UPLOADED_LOGO_PATH}/${file}`,
    width: image.width,
    height: image.height,
    changed: changed > 0,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}
