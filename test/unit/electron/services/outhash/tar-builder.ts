/** Test helper: writes minimal ustar archives with arbitrary (also hostile) member names. */
export interface TarMember {
  name: string;
  type?: '0' | '1' | '2' | '5' | 'x';
  data?: Buffer;
  linkname?: string;
  mode?: number;
  uname?: string;
  gname?: string;
  mtime?: number;
  uid?: number;
}

function octal(n: number, len: number): string {
  return n.toString(8).padStart(len - 1, '0') + '\0';
}

/** One 512-byte header plus padded data. */
export function tarMember(m: TarMember): Buffer {
  const data = m.data ?? Buffer.alloc(0);
  const h = Buffer.alloc(512);
  h.write(m.name, 0, 100, 'utf8');
  h.write(octal(m.mode ?? 0o644, 8), 100, 'latin1');
  h.write(octal(m.uid ?? 0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(data.length, 12), 124, 'latin1');
  h.write(octal(m.mtime ?? 1700000000, 12), 136, 'latin1');
  h.write(m.type ?? '0', 156, 'latin1');
  h.write(m.linkname ?? '', 157, 100, 'utf8');
  h.write('ustar\x0000', 257, 'latin1');
  h.write(m.uname ?? 'root', 265, 32, 'utf8');
  h.write(m.gname ?? 'root', 297, 32, 'utf8');
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad]);
}

/** A PAX 'x' record set followed by the member it applies to. */
export function paxMember(records: Record<string, string>, m: TarMember): Buffer {
  const body = Object.entries(records)
    .map(([k, v]) => {
      const rest = ` ${k}=${v}\n`;
      let len = rest.length + 1;
      while (String(len).length + rest.length !== len) len = String(len).length + rest.length;
      return `${len}${rest}`;
    })
    .join('');
  return Buffer.concat([
    tarMember({ name: 'PaxHeader', type: 'x', data: Buffer.from(body, 'utf8') }),
    tarMember(m),
  ]);
}

/** A whole archive: members plus the two zero end blocks. */
export function tarArchive(members: Buffer[]): Buffer {
  return Buffer.concat([...members, Buffer.alloc(1024)]);
}
