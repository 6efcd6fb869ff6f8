import type { FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError, type PassiError, ValidationError } from '../../core/errors.ts';
import type { PortalDeps } from '../commands/portal-deps.ts';
import { uploadLogo } from '../commands/upload-logo.ts';
import { LOGO_MAX_BYTES, type LogoRefusal } from '../logos/logo-image.ts';
import { LOGO_FIELD } from '../pages/logo-upload-form.tsx';
import type { HistoryKind } from '../store/registry-history-store.ts';
import { sessionPrincipal } from './page-context.ts';
import { CSRF_FIELD, checkCsrf, type PortalViewer } from './portal-session.ts';
import { readPostedForm, type UploadFormSpec } from './portal-uploads.ts';

/** The logo form: the CSRF token, the revision and one file of at most LOGO_MAX_BYTES. */
export const LOGO_UPLOAD_FORM: UploadFormSpec = {
  files: { [LOGO_FIELD]: LOGO_MAX_BYTES },
  fields: 4,
  fieldBytes: 200,
  totalFieldBytes: 400,
};

const REFUSALS: ReadonlySet<string> = new Set<LogoRefusal>([
  'empty',
  'too-large',
  'svg',
  'gif',
  'unknown-type',
  'truncated',
  'bad-crc',
  'malformed',
  'trailing-data',
  'dimensions',
]);
const isRefusal = (reason: string): reason is LogoRefusal => REFUSALS.has(reason);

export type LogoUploadOutcome =
  | { kind: 'saved' }
  | { kind: 'refused'; refusal: LogoRefusal }
  | { kind: 'conflict'; error: PassiError };

/**
 * A logo form's post for one integration or service: the form is read whole, its CSRF token checked, and
 * only then the file handed to the upload command (which checks it strictly, stores it and audits). A
 * refusal of the file or a stale revision is returned for the page to show; nothing was stored then.
 */
export async function postLogoForm(
  deps: PortalDeps,
  viewer: PortalViewer,
  request: FastifyRequest,
  target: { organisationId: string; kind: HistoryKind; entityId: string },
): Promise<LogoUploadOutcome> {
  const form = await readPostedForm(request);
  checkCsrf(viewer, form.fields[CSRF_FIELD]);
  const revision = Number(form.fields.revision);
  if (!Number.isInteger(revision) || revision < 1)
    fail(ErrorCodes.REQUEST_INVALID, 'the form lacks its revision');
  const file = form.files[LOGO_FIELD];
  // A file over the limit arrives cut at LOGO_MAX_BYTES + 1 bytes: the command refuses it by its size.
  try {
    await uploadLogo(
      deps,
      sessionPrincipal(viewer),
      { ...target, bytes: file?.bytes ?? new Uint8Array(), expectedRevision: revision },
      request.ip,
    );
    return { kind: 'saved' };
  } catch (e) {
    if (e instanceof ValidationError && e.code === ErrorCodes.PORTAL_LOGO_INVALID) {
      const reason = e.issues[0]?.message.split(':')[0] ?? '';
      return { kind: 'refused', refusal: isRefusal(reason) ? reason : 'malformed' };
    }
    if (isPassiError(e) && e.code === ErrorCodes.REGISTRY_REVISION_CONFLICT)
      return { kind: 'conflict', error: e };
    throw e;
  }
}
