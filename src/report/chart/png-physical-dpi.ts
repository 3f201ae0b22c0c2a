import { crc32 } from 'node:zlib';

/** Inserts (or replaces) the pHYs chunk of a PNG so it records `dpi` pixels per inch. */
export function withPhysicalDpi(png: Buffer, dpi: number): Buffer {
  const ppm = Math.round(dpi / 0.0254);
  const body = Buffer.alloc(13);
  body.write('pHYs', 0, 'latin1');
  body.writeUInt32BE(ppm, 4);
  body.writeUInt32BE(ppm, 8);
  body.writeUInt8(1, 12); // unit: metre
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), 17);
  const parts: Buffer[] = [png.subarray(0, 8)];
  let pos = 8;
  let inserted = false;
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + len;
    if (type !== 'pHYs') {
      if (!inserted && type === 'IDAT') {
        parts.push(chunk);
        inserted = true;
      }
      parts.push(png.subarray(pos, end));
    }
    pos = end;
  }
  return Buffer.concat(parts);
}
