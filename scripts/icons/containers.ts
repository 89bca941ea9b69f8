/** Windows .ico with PNG-compressed entries (supported since Vista). */
export function encodeIco(entries: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach((e, i) => {
    const d = 6 + 16 * i;
    header[d] = e.size >= 256 ? 0 : e.size; // 0 means 256
    header[d + 1] = e.size >= 256 ? 0 : e.size;
    header.writeUInt16LE(1, d + 4); // colour planes
    header.writeUInt16LE(32, d + 6); // bits per pixel
    header.writeUInt32LE(e.png.length, d + 8);
    header.writeUInt32LE(offset, d + 12);
    offset += e.png.length;
  });
  return Buffer.concat([header, ...entries.map((e) => e.png)]);
}

/** The ICNS element types that carry PNG data, with the pixel size each one holds. */
export const ICNS_TYPES: ReadonlyArray<{ type: string; pixels: number }> = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'icp6', pixels: 64 },
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic09', pixels: 512 },
  { type: 'ic10', pixels: 1024 },
  { type: 'ic11', pixels: 32 },
  { type: 'ic12', pixels: 64 },
  { type: 'ic13', pixels: 256 },
  { type: 'ic14', pixels: 512 },
];

/** macOS .icns: 'icns' + total length, then (type, length, PNG) elements. */
export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const { type, pixels } of ICNS_TYPES) {
    const png = pngBySize.get(pixels);
    if (!png) throw new Error(`no ${pixels}px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    parts.push(head, png);
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}
