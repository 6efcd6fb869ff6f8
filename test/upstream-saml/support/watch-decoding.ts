/**
 * Records, while a request is handled, every call of node:zlib's decompressors and every XML parse by
 * Passi's parser (@xmldom/xmldom's DOMParser, which parse-xml.ts runs before anything else reads a SAML
 * message): to prove a message was refused before it was inflated or parsed (docs/security-cases.md;
 * ruby-saml CVE-2025-25293). Passi runs in the test's process (createTestApp), so
 * replacing the functions on the built-in module and syncing its ESM exports (node:module
 * syncBuiltinESMExports) reaches every `import … from 'node:zlib'`; the DOMParser prototype is shared.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { DOMParser } from '@xmldom/xmldom';

const DECOMPRESSORS = [
  'inflateRawSync',
  'inflateRaw',
  'inflateSync',
  'inflate',
  'unzipSync',
  'unzip',
  'gunzipSync',
  'gunzip',
  'brotliDecompressSync',
  'brotliDecompress',
  'createInflateRaw',
  'createInflate',
  'createUnzip',
  'createGunzip',
  'createBrotliDecompress',
] as const;

const zlib: Record<string, unknown> = createRequire(import.meta.url)('node:zlib');

function replace(name: string, value: unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(zlib, name);
  Object.defineProperty(zlib, name, { ...descriptor, value });
}

/**
 * Runs `action` with the decompressors and the XML parser watched; returns its result, the names of the
 * decompressors called and the number of XML documents parsed.
 */
export async function watchDecoding<T>(
  action: () => Promise<T>,
): Promise<{ result: T; inflateCalls: string[]; xmlParses: number }> {
  const calls: string[] = [];
  let xmlParses = 0;
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (this: DOMParser, ...args: Parameters<typeof parse>) {
    xmlParses++;
    return parse.apply(this, args);
  };
  const originals = new Map<string, unknown>();
  for (const name of DECOMPRESSORS) {
    const original = zlib[name];
    if (typeof original !== 'function') continue;
    originals.set(name, original);
    // The create* factories are read-only (but configurable) properties.
    replace(name, (...args: unknown[]) => {
      calls.push(name);
      return Reflect.apply(original, zlib, args);
    });
  }
  syncBuiltinESMExports();
  try {
    return { result: await action(), inflateCalls: calls, xmlParses };
  } finally {
    DOMParser.prototype.parseFromString = parse;
    for (const [name, original] of originals) replace(name, original);
    syncBuiltinESMExports();
  }
}
