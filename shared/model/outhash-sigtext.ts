/**
 * Parsing a sigtext (what BitBake writes to depsig.do_<task>) back into header and entries, and
 * comparing two of them field by field: the answer to "why does my outhash differ from CI's".
 */
import { InspectorError } from './errors';

/** Header values of a sigtext (section 3). */
export interface SigtextHeader {
  hashVersion: string | null;
  extraSigdata: string | null;
  pkgspec: string | null;
  task: string | null;
}

/** One entry of a sigtext, split into its fields. Absent fields were not in the line. */
export interface SigtextEntry {
  path: string;
  /** 'd', '-', 'l', 'c', 'b', 'p', 's' (2019 format: the type in hex, e.g. '0x8000'). */
  type: string;
  permissions: string;
  owner?: string;
  group?: string;
  mtime?: string;
  device?: string;
  size?: string;
  digest?: string;
  linkTarget?: string;
  /** 1-based line number of the entry's (first) line. */
  line: number;
  /** The entry's exact text, line end included. */
  text: string;
}

/** A parsed sigtext. */
export interface ParsedSigtext {
  format: 'ls' | '2019';
  header: SigtextHeader;
  entries: SigtextEntry[];
}

// Fixed part after the optional owner/timestamp columns: device, size, digest, then the path.
const LINE = new RegExp(
  `^([-dlcbps])([-r][-w][-xsS](?:[-r][-w][-xsS][-r][-w][-xtT])?)(.*?)( (?: {9}| *\\d+\\.\\d+)) ( {10}| *\\d+) ([0-9a-f]{64}| {64}) (.*)$`,
  's',
);

/** Parses a sigtext; BAD_FORMAT with the line number when it is not one. */
export function parseSigtext(text: string, file = '<sigtext>'): ParsedSigtext {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== 'OEOuthashBasic')
    throw new InspectorError('BAD_FORMAT', "Not a sigtext: the first line must be 'OEOuthashBasic'", {
      file,
      line: 1,
    });
  let i = 1;
  const pre: string[] = [];
  while (i < lines.length && !(lines[i] as string).startsWith('SSTATE_PKGSPEC='))
    pre.push(lines[i++] as string);
  if (i >= lines.length)
    throw new InspectorError('BAD_FORMAT', 'No SSTATE_PKGSPEC= line', { file, line: i + 1 });
  const pkgspecLine = (lines[i++] as string).slice('SSTATE_PKGSPEC='.length);
  const taskLine = lines[i] ?? '';
  if (!taskLine.startsWith('task='))
    throw new InspectorError('BAD_FORMAT', "Expected 'task=' after SSTATE_PKGSPEC", { file, line: i + 1 });
  i++;
  // The version line is a number (18, 18.1); anything else before SSTATE_PKGSPEC is extra sigdata.
  let hashVersion: string | null = null;
  if (pre.length > 0 && /^[\w.+-]+$/.test(pre[0] as string) && !(pre[0] as string).includes(':'))
    hashVersion = pre.shift() as string;
  const header: SigtextHeader = {
    hashVersion,
    extraSigdata: pre.length > 0 ? pre.join('\n') : null,
    pkgspec: pkgspecLine === 'None' ? null : pkgspecLine,
    task: taskLine.slice(5),
  };
  const rest = lines.slice(i);
  const format = rest.some((l) => l.startsWith('\t')) ? '2019' : 'ls';
  const entries = format === '2019' ? parse2019(rest, i, file) : parseLs(rest, i, file);
  return { format, header, entries };
}

function parseLs(rest: string[], first: number, file: string): SigtextEntry[] {
  return rest.map((l, k) => {
    const m = LINE.exec(l);
    if (!m) throw new InspectorError('BAD_FORMAT', 'Not a sigtext entry line', { file, line: first + k + 1 });
    const [, type, perms, pre, dev, size, digest, tail] = m as unknown as string[];
    const tokens = (pre as string).trim() === '' ? [] : (pre as string).trim().split(/ +/);
    const e: SigtextEntry = {
      path: tail as string,
      type: type as string,
      permissions: perms as string,
      line: first + k + 1,
      text: l + '\n',
    };
    if (tokens.length >= 2) {
      e.owner = tokens[0] as string;
      e.group = tokens[1] as string;
    }
    if (tokens.length === 1 || tokens.length === 3) e.mtime = tokens[tokens.length - 1] as string;
    if ((dev as string).trim()) e.device = (dev as string).trim();
    if ((size as string).trim()) e.size = (size as string).trim();
    if ((digest as string).trim()) e.digest = digest as string;
    if (type === 'l') {
      const at = (tail as string).indexOf(' -> ');
      if (at >= 0) {
        e.path = (tail as string).slice(0, at);
        e.linkTarget = (tail as string).slice(at + 4);
      }
    }
    return e;
  });
}

function parse2019(rest: string[], first: number, file: string): SigtextEntry[] {
  const out: SigtextEntry[] = [];
  let cur: SigtextEntry | null = null;
  rest.forEach((l, k) => {
    if (!l.startsWith('\t')) {
      cur = { path: l, type: '', permissions: '', line: first + k + 1, text: l + '\n' };
      out.push(cur);
      return;
    }
    if (!cur)
      throw new InspectorError('BAD_FORMAT', 'Attribute line before any path', { file, line: first + k + 1 });
    const c: SigtextEntry = cur;
    c.text += l + '\n';
    const eq = l.indexOf('=');
    const key = l.slice(1, eq);
    const value = l.slice(eq + 1);
    if (key === 'mode') c.permissions = value;
    else if (key === 'type') c.type = value;
    else if (key === 'digest') c.digest = value;
    else if (key === 'dev') c.device = value;
    else if (key === 'symlink') c.linkTarget = value;
    else throw new InspectorError('BAD_FORMAT', `Unknown attribute '${key}'`, { file, line: first + k + 1 });
  });
  return out;
}

/** Entry fields compared by the diff. */
export const SIGTEXT_FIELDS = [
  'type',
  'permissions',
  'owner',
  'group',
  'mtime',
  'device',
  'size',
  'digest',
  'linkTarget',
] as const;

/** One compared field. */
export type SigtextField = (typeof SIGTEXT_FIELDS)[number];

/** A value that differs: `a` on the left side, `b` on the right (null = absent). */
export interface FieldChange<F extends string> {
  field: F;
  a: string | null;
  b: string | null;
}

/** The structured difference of two sigtexts. */
export interface SigtextDiff {
  identical: boolean;
  header: FieldChange<keyof SigtextHeader | 'format'>[];
  added: SigtextEntry[];
  removed: SigtextEntry[];
  changed: { path: string; a: SigtextEntry; b: SigtextEntry; fields: FieldChange<SigtextField>[] }[];
  /** Entries present in both with the same text. */
  unchanged: number;
  /** True when both sides list the same paths but in a different order (a walk-order difference). */
  orderDiffers: boolean;
}

/** Compares sigtext A (e.g. ours) with B (e.g. the build's depsig file). */
export function diffSigtexts(a: ParsedSigtext, b: ParsedSigtext): SigtextDiff {
  const header: SigtextDiff['header'] = [];
  if (a.format !== b.format) header.push({ field: 'format', a: a.format, b: b.format });
  for (const k of ['hashVersion', 'extraSigdata', 'pkgspec', 'task'] as const)
    if (a.header[k] !== b.header[k]) header.push({ field: k, a: a.header[k], b: b.header[k] });
  const mapB = new Map(b.entries.map((e) => [e.path, e]));
  const mapA = new Map(a.entries.map((e) => [e.path, e]));
  const removed = a.entries.filter((e) => !mapB.has(e.path));
  const added = b.entries.filter((e) => !mapA.has(e.path));
  const changed: SigtextDiff['changed'] = [];
  let unchanged = 0;
  for (const ea of a.entries) {
    const eb = mapB.get(ea.path);
    if (!eb) continue;
    if (ea.text === eb.text) {
      unchanged++;
      continue;
    }
    const fields: FieldChange<SigtextField>[] = [];
    for (const f of SIGTEXT_FIELDS) {
      const va = ea[f] ?? null;
      const vb = eb[f] ?? null;
      if (va !== vb) fields.push({ field: f, a: va, b: vb });
    }
    changed.push({ path: ea.path, a: ea, b: eb, fields });
  }
  const commonA = a.entries.filter((e) => mapB.has(e.path)).map((e) => e.path);
  const commonB = b.entries.filter((e) => mapA.has(e.path)).map((e) => e.path);
  const orderDiffers = commonA.some((p, k) => commonB[k] !== p);
  return {
    identical:
      header.length === 0 &&
      added.length === 0 &&
      removed.length === 0 &&
      changed.length === 0 &&
      !orderDiffers,
    header,
    added,
    removed,
    changed,
    unchanged,
    orderDiffers,
  };
}

/** A short human-readable rendering of a diff (one line per difference). */
export function formatSigtextDiff(d: SigtextDiff, labels: [string, string] = ['A', 'B']): string {
  if (d.identical) return 'identical\n';
  const show = (v: string | null): string => (v === null ? '(none)' : JSON.stringify(v));
  const out: string[] = [];
  for (const h of d.header)
    out.push(`header ${h.field}: ${labels[0]} ${show(h.a)} -> ${labels[1]} ${show(h.b)}`);
  for (const e of d.removed) out.push(`only in ${labels[0]}: ${e.path}`);
  for (const e of d.added) out.push(`only in ${labels[1]}: ${e.path}`);
  for (const c of d.changed)
    out.push(
      `changed ${c.path}: ` + c.fields.map((f) => `${f.field} ${show(f.a)} -> ${show(f.b)}`).join(', '),
    );
  if (d.orderDiffers) out.push('entries are listed in a different order');
  out.push(`${d.unchanged} entries unchanged`);
  return out.join('\n') + '\n';
}
