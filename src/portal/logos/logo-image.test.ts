import { describe, expect, it } from 'vitest';
import { checkLogoImage, LOGO_MAX_BYTES } from './logo-image.ts';
import { testPng } from './testing/test-png.ts';

const png = (width: number, height: number, declared = { width, height }) =>
  testPng(width, height, { declared });

/** A JPEG's segment structure (SOI, DQT, SOF0, SOS, entropy-coded bytes with stuffing, EOI). */
function jpeg(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xdb, 0, 67, 0, ...new Array(64).fill(1)]),
    sof,
    Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0]),
    Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A lossless WebP container (RFC 9649) with a VP8L header of the given size. */
function webp(width: number, height: number): Buffer {
  const vp8l = Buffer.alloc(5 + 3);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
  const head = Buffer.alloc(8);
  head.write('VP8L', 0, 'latin1');
  head.writeUInt32LE(vp8l.length, 4);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), head, vp8l]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

const refusal = (bytes: Buffer) => {
  const r = checkLogoImage(bytes);
  return r.ok ? 'accepted' : r.reason;
};

describe('logo image check (no image library)', () => {
  it('accepts PNG, JPEG and WebP by content and reads their size from the header', () => {
    expect(checkLogoImage(png(64, 32))).toEqual({ ok: true, image: { type: 'png', width: 64, height: 32 } });
    expect(checkLogoImage(jpeg(200, 100))).toEqual({
      ok: true,
      image: { type: 'jpg', width: 200, height: 100 },
    });
    expect(checkLogoImage(webp(1024, 16))).toEqual({
      ok: true,
      image: { type: 'webp', width: 1024, height: 16 },
    });
  });

  it('refuses a PNG with a bad CRC', () => {
    const bad = png(8, 8);
    const at = bad.length - 20; // a byte inside IDAT
    bad.writeUInt8((bad.readUInt8(at) ^ 0xff) & 0xff, at);
    expect(refusal(bad)).toBe('bad-crc');
  });

  it('refuses truncated files of every type', () => {
    for (const file of [png(8, 8), jpeg(8, 8), webp(8, 8)]) {
      expect(refusal(file.subarray(0, file.length - 3))).toMatch(/^(truncated)$/);
    }
  });

  it('refuses a polyglot: a valid PNG or JPEG with HTML after its end', () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect(refusal(Buffer.concat([png(8, 8), html]))).toBe('trailing-data');
    expect(refusal(Buffer.concat([jpeg(8, 8), html]))).toBe('trailing-data');
    // HTML in place of the chunks after the PNG signature does not parse as chunks.
    expect(refusal(Buffer.concat([png(8, 8).subarray(0, 8), html]))).not.toBe('accepted');
  });

  it('refuses sizes over 1024 pixels declared in the header', () => {
    expect(refusal(png(2, 2, { width: 4096, height: 2 }))).toBe('dimensions');
    expect(refusal(jpeg(1025, 10))).toBe('dimensions');
    expect(refusal(webp(10, 2000))).toBe('dimensions');
    expect(refusal(png(2, 2, { width: 0, height: 2 }))).toBe('dimensions');
  });

  it('refuses GIF, SVG (also with an XML declaration), unknown types and empty or too big files', () => {
    expect(refusal(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toBe('gif');
    expect(refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'))).toBe('svg');
    expect(refusal(Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<svg width="1"></svg>'))).toBe(
      'svg',
    );
    expect(refusal(Buffer.from('<html>not an image</html>'))).toBe('unknown-type');
    expect(refusal(Buffer.alloc(0))).toBe('empty');
    const big = Buffer.concat([png(8, 8), Buffer.alloc(LOGO_MAX_BYTES)]);
    expect(refusal(big)).toBe('too-large');
  });
});
