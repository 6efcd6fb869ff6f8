import { crc32 } from 'node:zlib';

/** Limits of an uploaded logo (docs/portal.md "Logos"). */
export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_MAX_PIXELS = 1024;

export type LogoType = 'png' | 'jpg' | 'webp';
export const LOGO_CONTENT_TYPES: Record<LogoType, 'image/png' | 'image/jpeg' | 'image/webp'> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

export interface LogoImage {
  type: LogoType;
  width: number;
  height: number;
}

/** Why a file is not accepted, as a stable reason the pages translate and the API returns. */
export type LogoRefusal =
  | 'empty'
  | 'too-large'
  | 'svg'
  | 'gif'
  | 'unknown-type'
  | 'truncated'
  | 'bad-crc'
  | 'malformed'
  | 'trailing-data'
  | 'dimensions';

export type LogoCheck = { ok: true; image: LogoImage } | { ok: false; reason: LogoRefusal; detail: string };

class Refused extends Error {
  constructor(
    readonly reason: LogoRefusal,
    detail: string,
  ) {
    super(detail);
  }
}

const refuse = (reason: LogoRefusal, detail: string): never => {
  throw new Refused(reason, detail);
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Checks an uploaded logo without an image library: the type is read from the content (never the file
 * name), and the whole file must parse as that type — every PNG chunk with its CRC up to IEND, every JPEG
 * segment up to EOI, every WebP chunk inside the RIFF size — with nothing after its end, so a file that is
 * also HTML or script (a polyglot) is refused. SVG and GIF are refused by name. Dimensions come from the
 * header (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X) and must be within LOGO_MAX_PIXELS.
 */
export function checkLogoImage(bytes: Uint8Array): LogoCheck {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (b.length === 0) refuse('empty', 'the file is empty');
    if (b.length > LOGO_MAX_BYTES)
      refuse('too-large', `the file is ${b.length} bytes; at most ${LOGO_MAX_BYTES}`);
    const image = parse(b);
    if (
      image.width < 1 ||
      image.height < 1 ||
      image.width > LOGO_MAX_PIXELS ||
      image.height > LOGO_MAX_PIXELS
    )
      refuse(
        'dimensions',
        `${image.width}×${image.height} pixels; at most ${LOGO_MAX_PIXELS}×${LOGO_MAX_PIXELS}`,
      );
    return { ok: true, image };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.reason, detail: e.message };
    throw e;
  }
}

function parse(b: Buffer): LogoImage {
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return parsePng(b);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return parseJpeg(b);
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return parseWebp(b);
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) refuse('gif', 'GIF is not accepted');
  // SVG is XML: it may start with a byte order mark, whitespace, an XML declaration or a comment.
  const head = b
    .toString('utf8', 0, Math.min(b.length, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<') && /<svg[\s>]/i.test(b.toString('utf8'))) refuse('svg', 'SVG is not accepted');
  return refuse('unknown-type', 'only PNG, JPEG and WebP are accepted');
}

/** PNG (ISO/IEC 15948, W3C PNG §5): signature, IHDR first, CRC-32 of every chunk, IDAT, IEND last. */
function parsePng(b: Buffer): LogoImage {
  let offset = 8;
  let size: { width: number; height: number } | undefined;
  let sawData = false;
  for (;;) {
    if (offset + 12 > b.length) refuse('truncated', 'the PNG ends inside a chunk header');
    const length = b.readUInt32BE(offset);
    const type = b.toString('latin1', offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type))
      refuse('malformed', `PNG chunk type ${JSON.stringify(type)} is not valid`);
    if (length > 0x7fffffff || offset + 12 + length > b.length)
      refuse('truncated', `the PNG ends inside chunk ${type}`);
    const data = b.subarray(offset + 8, offset + 8 + length);
    const expected = b.readUInt32BE(offset + 8 + length);
    if (crc32(b.subarray(offset + 4, offset + 8 + length)) !== expected)
      refuse('bad-crc', `PNG chunk ${type} has a wrong CRC`);
    if (!size) {
      if (type !== 'IHDR' || length !== 13) refuse('malformed', 'the PNG does not start with IHDR');
      size = { width: data.readUInt32BE(0), height: data.readUInt32BE(4) };
    } else if (type === 'IHDR') refuse('malformed', 'the PNG has a second IHDR');
    if (type === 'IDAT') sawData = true;
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (!sawData) refuse('malformed', 'the PNG has no image data (IDAT)');
  if (offset !== b.length) refuse('trailing-data', `${b.length - offset} bytes follow the PNG's IEND`);
  return { type: 'png', ...(size ?? refuse('malformed', 'no IHDR')) };
}

/** Start-of-frame markers that carry the dimensions (ITU-T T.81 Table B.1): SOF0–3, 5–7, 9–11, 13–15. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** JPEG (ITU-T T.81 Annex B): SOI, marker segments with their lengths, SOFn, entropy-coded scans, EOI last. */
function parseJpeg(b: Buffer): LogoImage {
  let offset = 2;
  let size: { width: number; height: number } | undefined;
  let sawScan = false;
  for (;;) {
    if (offset + 2 > b.length) refuse('truncated', 'the JPEG ends before its EOI marker');
    if (b[offset] !== 0xff) refuse('malformed', `no JPEG marker at byte ${offset}`);
    const marker = b[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset++; // fill byte (T.81 B.1.1.2)
      continue;
    }
    if (marker === 0xd9) {
      offset += 2;
      break;
    }
    if (marker === 0xd8 || marker === 0x00 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01)
      refuse('malformed', `unexpected JPEG marker 0x${marker.toString(16)}`);
    if (offset + 4 > b.length) refuse('truncated', 'the JPEG ends inside a segment header');
    const length = b.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > b.length) refuse('truncated', 'the JPEG ends inside a segment');
    if (SOF.has(marker)) {
      if (length < 8) refuse('malformed', 'the JPEG frame header is too short');
      if (size) refuse('malformed', 'the JPEG has a second frame header');
      size = { height: b.readUInt16BE(offset + 5), width: b.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
    if (marker === 0xda) {
      if (!size) refuse('malformed', 'the JPEG scan comes before its frame header');
      sawScan = true;
      // Entropy-coded data: 0xFF is followed by 0x00 (stuffing) or a restart marker inside the scan.
      while (offset + 1 < b.length) {
        if (b[offset] === 0xff) {
          const next = b[offset + 1] ?? 0;
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) offset += 2;
          else break;
        } else offset++;
      }
    }
  }
  if (!sawScan || !size) refuse('malformed', 'the JPEG has no frame or no scan');
  if (offset !== b.length) refuse('trailing-data', `${b.length - offset} bytes follow the JPEG's EOI`);
  return { type: 'jpg', ...(size ?? refuse('malformed', 'no frame header')) };
}

/** WebP (RFC 9649): RIFF size = file size − 8, chunks padded to even sizes, first VP8, VP8L or VP8X. */
function parseWebp(b: Buffer): LogoImage {
  if (b.readUInt32LE(4) + 8 !== b.length)
    refuse(
      b.readUInt32LE(4) + 8 > b.length ? 'truncated' : 'trailing-data',
      'the RIFF size is not the file size',
    );
  let offset = 12;
  let size: { width: number; height: number } | undefined;
  while (offset < b.length) {
    if (offset + 8 > b.length) refuse('truncated', 'the WebP ends inside a chunk header');
    const fourcc = b.toString('latin1', offset, offset + 4);
    const length = b.readUInt32LE(offset + 4);
    const end = offset + 8 + length + (length % 2);
    if (end > b.length) refuse('truncated', `the WebP ends inside chunk ${fourcc}`);
    const data = b.subarray(offset + 8, offset + 8 + length);
    if (!size) size = webpSize(fourcc, data);
    offset = end;
  }
  return { type: 'webp', ...(size ?? refuse('malformed', 'the WebP has no image chunk')) };
}

function webpSize(fourcc: string, d: Buffer): { width: number; height: number } {
  if (fourcc === 'VP8 ') {
    // RFC 6386 §9.1: 3-byte frame tag (bit 0 = 0 for a key frame), start code 9D 01 2A, 14-bit sizes.
    if (d.length < 10) refuse('truncated', 'the VP8 header is incomplete');
    if ((d[0] ?? 1) & 1) refuse('malformed', 'the VP8 frame is not a key frame');
    if (d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) refuse('malformed', 'the VP8 start code is wrong');
    return { width: d.readUInt16LE(6) & 0x3fff, height: d.readUInt16LE(8) & 0x3fff };
  }
  if (fourcc === 'VP8L') {
    // RFC 9649 §3.7.1: signature 0x2F, then 14 bits width − 1 and 14 bits height − 1, little-endian.
    if (d.length < 5) refuse('truncated', 'the VP8L header is incomplete');
    if (d[0] !== 0x2f) refuse('malformed', 'the VP8L signature is wrong');
    const bits = d.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (fourcc === 'VP8X') {
    // RFC 9649 §3.6: flags, 3 reserved bytes, 24-bit canvas width − 1 and height − 1.
    if (d.length < 10) refuse('truncated', 'the VP8X header is incomplete');
    return { width: d.readUIntLE(4, 3) + 1, height: d.readUIntLE(7, 3) + 1 };
  }
  return refuse('malformed', `the WebP starts with chunk ${JSON.stringify(fourcc)}, not VP8, VP8L or VP8X`);
}
