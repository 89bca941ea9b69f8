/**
 * Python 3 `repr()` of the few value kinds that appear in `bitbake-dumpsig` output (str, None,
 * lists), so our dump text is byte-identical to BitBake's.
 */
export type PyReprValue = string | null | PyReprValue[];

/** `repr(str)`: single quotes unless the text has `'` and no `"`; escapes as CPython does. */
export function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (isPrintable(ch)) out += ch;
    else if (cp <= 0xff) out += '\\x' + hex(cp, 2);
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + quote;
}

/** `repr()` of str, None or a (nested) list. */
export function pyRepr(v: PyReprValue): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return pyReprString(v);
  return '[' + v.map(pyRepr).join(', ') + ']';
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

// CPython's str.isprintable(): not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except ' ').
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function isPrintable(ch: string): boolean {
  return !NON_PRINTABLE.test(ch);
}
