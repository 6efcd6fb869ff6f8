import { testPng } from '../../src/portal/logos/testing/test-png.ts';
import type { BrowserResponse } from '../support/browserless-client.ts';
import { parseForms } from '../support/browserless-client.ts';

/** A real PNG of the given size; `fill` varies its content. */
export const png = (width: number, height: number, fill = 0) => testPng(width, height, { fill });

/** The same PNG with one byte of its IHDR changed after the CRC was computed. */
export function pngWithBadCrc(): Buffer {
  const b = Buffer.from(png(4, 4));
  b[16] = (b[16] ?? 0) ^ 0x01;
  return b;
}

/** A 1×1 GIF89a. */
export const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** A file-upload form body: the text fields as a browser sends them, then the files. */
export function multipart(
  fields: Record<string, string>,
  files: Record<string, { bytes: Buffer; name: string; type: string }> = {},
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, f] of Object.entries(files))
    form.append(name, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return form;
}

/** The fields of the page's form posting to `action` (the file inputs left out: they are sent as files). */
export function formFields(page: BrowserResponse, action: RegExp, fileFields: readonly string[]) {
  const form = parseForms(page.body).find((f) => action.test(f.action));
  if (!form) throw new Error(`no form for ${action} on ${page.url} (${page.status})`);
  const fields = { ...form.fields };
  for (const name of fileFields) delete fields[name];
  return { action: form.action, fields };
}
