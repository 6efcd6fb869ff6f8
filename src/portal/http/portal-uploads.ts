import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { type FormValues, postedFormValues } from '../pages/integrations/integration-form-values.ts';

/** What one portal page route reads from a file-upload post (`multipart/form-data`, RFC 7578). */
export interface UploadFormSpec {
  /** The form's file fields and, per field, the most bytes it takes; one byte more is read to tell "too large". */
  files: Readonly<Record<string, number>>;
  /** The most text fields, the longest one and all of them together, in bytes. */
  fields: number;
  fieldBytes: number;
  totalFieldBytes: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes file uploads (portal-uploads.ts); without it a multipart body is refused with 415. */
    uploadForm?: UploadFormSpec;
  }
}

/** One uploaded file, kept in memory (at most its field's limit plus one byte). */
export interface UploadedFile {
  bytes: Buffer;
  /** More bytes came than the field takes: the file was cut and must be refused. */
  tooLarge: boolean;
}

/** A posted form: its text fields (a repeated name is an array) and its files by field name. */
export interface PostedForm {
  fields: FormValues;
  files: Record<string, UploadedFile>;
}

const MULTIPART = /^multipart\/form-data\b/i;

/**
 * File uploads for the portal pages registered in `scope` only (not sign-in, protocol or the JSON API).
 * The parser's defaults take nothing; each route that has a file field declares its own small limits in
 * `config.uploadForm`, and every other route of the scope refuses a multipart body before reading it.
 */
export async function installPortalUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyMultipart, {
    limits: { fieldNameSize: 100, fields: 0, fieldSize: 0, files: 0, fileSize: 0, parts: 0, headerPairs: 20 },
    throwFileSizeLimit: false,
  });
  scope.addHook('onRequest', async (request) => {
    if (MULTIPART.test(request.headers['content-type'] ?? '') && !request.routeOptions.config.uploadForm)
      fail(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'this form takes no file; send it as a plain form');
  });
}

/**
 * The form of a POST, urlencoded or multipart alike. Everything is read into memory within the route's
 * limits before anything is used, so the caller checks the CSRF field (a text part) before a file is
 * stored or read. A file on a field that is not a file field, a second file on one field, a text field
 * over its limit or a non-text field value is refused; an empty file input (no file chosen) is no file.
 */
export async function readPostedForm(request: FastifyRequest): Promise<PostedForm> {
  const spec = request.routeOptions.config.uploadForm;
  if (!spec || !request.isMultipart()) return { fields: postedFormValues(request.body), files: {} };
  const fileLimits = new Map(Object.entries(spec.files));
  const fields: FormValues = {};
  const files: Record<string, UploadedFile> = {};
  let fieldBytes = 0;
  const parts = request.parts({
    limits: {
      fields: spec.fields,
      fieldSize: spec.fieldBytes,
      files: fileLimits.size,
      fileSize: Math.max(0, ...fileLimits.values()) + 1,
      parts: spec.fields + fileLimits.size,
    },
  });
  for await (const part of parts) {
    if (part.type === 'file') {
      const limit = fileLimits.get(part.fieldname);
      if (limit === undefined || files[part.fieldname]) {
        part.file.resume();
        fail(ErrorCodes.REQUEST_INVALID, `field ${part.fieldname.slice(0, 100)} takes no file here`);
      }
      const bytes = await part.toBuffer();
      if (bytes.length === 0 && part.filename === '') continue;
      files[part.fieldname] = { bytes, tooLarge: part.file.truncated || bytes.length > limit };
      continue;
    }
    if (part.valueTruncated) fail(ErrorCodes.REQUEST_TOO_LARGE, `field ${part.fieldname} is too long`);
    if (typeof part.value !== 'string' || fileLimits.has(part.fieldname))
      fail(ErrorCodes.REQUEST_INVALID, `field ${part.fieldname} is not a text field`);
    fieldBytes += Buffer.byteLength(part.value);
    if (fieldBytes > spec.totalFieldBytes) fail(ErrorCodes.REQUEST_TOO_LARGE, 'the form is too large');
    const before = fields[part.fieldname];
    fields[part.fieldname] =
      before === undefined ? part.value : [...(typeof before === 'string' ? [before] : before), part.value];
  }
  return { fields, files };
}
