/**
 * UTF-8 decoding as Python's pickle writes it: `str.encode('utf-8', 'surrogatepass')`, so lone
 * surrogates appear as 3-byte sequences ED A0..BF xx that a standard decoder would replace with
 * U+FFFD (changing the value). Returns undefined on bytes that are not (surrogatepass) UTF-8.
 */
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8SurrogatePass(bytes: Uint8Array, start: number, end: number): string | undefined {
  // The strict native decoder is fastest for every length (measured); the slow path only runs
  // for text it rejects.
  const view = bytes.subarray(start, end);
  try {
    return strictDecoder.decode(view);
  } catch {
    return decodeSlow(view);
  }
}

/** Byte-by-byte decoder that accepts encoded surrogates; undefined on any other invalid UTF-8. */
function decodeSlow(b: Uint8Array): string | undefined {
  const units: number[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      units.push(c);
      i += 1;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      return undefined;
    }
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff) return undefined;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    } else {
      units.push(cp); // includes lone surrogates D800..DFFF (surrogatepass)
    }
    i += need + 1;
  }
  let out = '';
  for (let k = 0; k < units.length; k += 8192) {
    out += String.fromCharCode(...units.slice(k, k + 8192));
  }
  return out;
}
