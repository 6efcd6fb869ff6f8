/**
 * Test-only: a real PNG built chunk by chunk (W3C PNG §5.3 chunk layout with CRC-32, §11.2.2 IHDR), so the
 * logo checks and the upload tests read genuine files. Not imported by production code.
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A greyscale 8-bit PNG of `width` × `height` pixels. `fill` varies its content (so two files differ);
 * `declared` makes the IHDR claim another size than the pixel data has.
 */
export function testPng(
  width: number,
  height: number,
  options: { fill?: number; declared?: { width: number; height: number } } = {},
): Buffer {
  const declared = options.declared ?? { width, height };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(declared.width, 0);
  ihdr.writeUInt32BE(declared.height, 4);
  ihdr[8] = 8;
  const rows = Buffer.alloc((width + 1) * height, options.fill ?? 0);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter type None per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
