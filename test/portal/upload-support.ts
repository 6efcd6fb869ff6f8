import { crc32, deflateSync } from 'node:zlib';
import type { BrowserResponse } from '../support/browserless-client.ts';
import { parseForms } from '../support/browserless-client.ts';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real PNG (greyscale, 8 bits; W3C PNG §11.2.2) of the given size; `fill` varies its content. */
export function png(width: number, height: number, fill = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  const rows = Buffer.alloc((width + 1) * height, fill);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter type None per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

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
