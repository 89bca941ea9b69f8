/**
 * SSTATE_HASHEQUIV_FILEMAP (spec 5.1 and 5.4): parsing the variable, Python fnmatch globs, and
 * Python *bytes* regular expressions translated to JavaScript regular expressions that run over
 * a latin1 string (one char per byte), so that byte semantics (`\s` is six bytes, `.` is any
 * byte but LF) hold exactly.
 */
import { InspectorError } from './errors';

/** One glob with its replacement specs, in order of appearance. */
export interface FilemapRule {
  glob: string;
  /** Compiled glob (full-string match, `*` crosses `/`). */
  matcher: RegExp;
  specs: string[];
}

// Python str.split() without arguments splits on Unicode whitespace, which includes the
// separators U+001C..U+001F and U+0085 that JavaScript's \s does not.
// eslint-disable-next-line no-control-regex -- the separators are control characters on purpose
const PY_WHITESPACE = /[\s\x1c-\x1f\x85]+/u;

/**
 * Parses the variable as the function does: tokens at whitespace, each split on every ':';
 * only tokens of exactly three fields whose first field equals the task count.
 */
export function parseFilemap(value: string | null, task: string): FilemapRule[] {
  if (!value) return [];
  const rules = new Map<string, FilemapRule>();
  for (const token of value.split(PY_WHITESPACE)) {
    if (token === '') continue;
    const fields = token.split(':');
    if (fields.length !== 3 || fields[0] !== task) continue;
    const glob = fields[1] as string;
    let rule = rules.get(glob);
    if (!rule) {
      rule = { glob, matcher: fnmatchToRegExp(glob), specs: [] };
      rules.set(glob, rule);
    }
    rule.specs.push(fields[2] as string);
  }
  return [...rules.values()];
}

// '-' only needs escaping inside a class, and the 'u' flag rejects '\\-' outside one.
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/;

function escapeChar(c: string): string {
  return REGEX_SYNTAX.test(c) ? '\\' + c : c;
}

/** Python fnmatch.translate on POSIX (case-sensitive), as an anchored JavaScript RegExp. */
export function fnmatchToRegExp(glob: string): RegExp {
  const chars = [...glob];
  let re = '';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i++] as string;
    if (c === '*') {
      re += '.*';
      while (chars[i] === '*') i++;
    } else if (c === '?') re += '.';
    else if (c === '[') {
      let j = i;
      if (chars[j] === '!') j++;
      if (chars[j] === ']') j++;
      while (j < chars.length && chars[j] !== ']') j++;
      if (j >= chars.length) {
        re += '\\[';
        continue;
      }
      let body = chars.slice(i, j);
      i = j + 1;
      let negate = false;
      if (body[0] === '!') {
        negate = true;
        body = body.slice(1);
      }
      if (body.length === 0) {
        // '[!]' cannot happen (']' right after '!' is literal); '[]' neither. Empty set never matches.
        re += negate ? '.' : '(?!)';
        continue;
      }
      re += (negate ? '[^' : '[') + body.map((ch) => (ch === '-' ? '-' : escapeChar(ch))).join('') + ']';
    } else re += escapeChar(c);
  }
  try {
    return new RegExp(`^(?:${re})$`, 'su');
  } catch (err) {
    throw new InspectorError('INVALID_INPUT', `Filemap glob '${glob}' cannot be used: ${String(err)}`);
  }
}

/** UTF-8 bytes of `s` as a latin1 string (one char per byte). */
export function utf8AsLatin1(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out += ch;
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000)
      out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      out += String.fromCharCode(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return out;
}

const PY_SPACE = ' \\t\\n\\x0b\\f\\r';
const CLASS_ESCAPES: Record<string, string> = { s: PY_SPACE, d: '0-9', w: 'A-Za-z0-9_' };
const OUTSIDE_ESCAPES: Record<string, string> = {
  s: `[${PY_SPACE}]`,
  S: `[^${PY_SPACE}]`,
  d: '[0-9]',
  D: '[^0-9]',
  w: '[A-Za-z0-9_]',
  W: '[^A-Za-z0-9_]',
  A: '^',
  Z: '$',
};

/**
 * Translates a Python bytes pattern (no flags) into a global JavaScript RegExp over latin1 text.
 * Covers the syntax filemaps use; constructs whose meaning differs and that we cannot map
 * (negated classes inside a set, inline flags) raise UNSUPPORTED rather than hash wrongly.
 */
export function pythonBytesRegex(pattern: string): RegExp {
  const p = utf8AsLatin1(pattern);
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\') {
      const n = p[i + 1];
      i++;
      if (n === undefined) throw badRegex(pattern, 'ends with a backslash');
      if (inClass) {
        const rep = CLASS_ESCAPES[n];
        if (rep !== undefined) out += rep;
        else if ('SDW'.includes(n)) throw badRegex(pattern, `\\${n} inside [...] is not supported`);
        else out += '\\' + n;
      } else {
        const rep = OUTSIDE_ESCAPES[n];
        out += rep ?? '\\' + n;
      }
      continue;
    }
    if (inClass) {
      if (c === ']' && !out.endsWith('[') && !out.endsWith('[^')) inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '.') out += '[^\\n]';
    else if (c === '$') out += '(?=\\n?$)';
    else if (c === '(' && p.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (c === '(' && p.startsWith('(?P=', i)) {
      const end = p.indexOf(')', i);
      if (end < 0) throw badRegex(pattern, 'unterminated (?P=');
      out += `\\k<${p.slice(i + 4, end)}>`;
      i = end;
    } else if (c === '(' && /^\(\?[aiLmsux]/.test(p.slice(i, i + 3)))
      throw badRegex(pattern, 'inline flags are not supported');
    else out += c;
  }
  try {
    return new RegExp(out, 'g');
  } catch (err) {
    throw badRegex(pattern, String(err));
  }
}

function badRegex(pattern: string, why: string): InspectorError {
  return new InspectorError('UNSUPPORTED', `Filemap regex '${pattern}' cannot be used: ${why}`);
}

/**
 * Applies the filter of spec 5.4 to a file's bytes given as latin1 text: deletes the base path,
 * then every spec of every matching rule in filemap order. Returns the transformed latin1 text.
 */
export function applyFilemap(
  content: string,
  basePath: string | null,
  rules: readonly FilemapRule[],
  path: string,
): string {
  let s = content;
  if (basePath) s = s.split(utf8AsLatin1(basePath)).join('');
  for (const rule of rules) {
    if (!rule.matcher.test(path)) continue;
    for (const spec of rule.specs) {
      if (spec.startsWith('regex-')) s = s.replace(pythonBytesRegex(spec.slice(6)), '');
      else if (spec !== '') s = s.split(utf8AsLatin1(spec)).join('');
    }
  }
  return s;
}

/** True when at least one glob matches the path (the entry is "filtered"). */
export function isFiltered(rules: readonly FilemapRule[], path: string): boolean {
  return rules.some((r) => r.matcher.test(path));
}
