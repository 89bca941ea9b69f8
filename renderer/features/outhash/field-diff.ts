/**
 * Field-level highlighting of two sigtext lines. An entry line is whitespace-separated fields
 * (type+mode, owner, group, size/device, hash, path); a header line is `key=value`. Fields are
 * compared position by position so a changed mode or hash lights up alone. Pure.
 */

/** One piece of a line: text, and whether it differs from the other side. */
export interface FieldPart {
  text: string;
  changed: boolean;
}

/** Splits a line into fields and the whitespace between them (kept, so columns stay aligned). */
function split(line: string): string[] {
  return line.split(/(\s+)/).filter((p) => p !== '');
}

/**
 * Marks the fields of `line` that differ from the field at the same position in `other`.
 * With no other line (added/removed entry) the whole line is marked.
 */
export function fieldParts(line: string, other: string | null): FieldPart[] {
  if (other === null) return [{ text: line, changed: true }];
  const a = split(line);
  const b = split(other);
  return a.map((text, i) => ({ text, changed: !/^\s+$/.test(text) && text !== b[i] }));
}

/** What a sigtext entry field is, judged by its place and shape. */
function fieldName(value: string, index: number): string {
  if (index === 0) return 'mode';
  if (/^[0-9a-f]{64}$/.test(value)) return 'hash';
  if (/^\d+(,\s*\d+)?$/.test(value)) return 'size';
  return 'owner';
}

/** Names of the fields that changed between two lines, for a summary (`mode, hash`). */
export function changedFieldNames(a: string | null, b: string | null): string[] {
  if (a === null) return ['added'];
  if (b === null) return ['removed'];
  if (a === b) return [];
  if (/^[A-Za-z_]+=/.test(a)) return [a.split('=')[0] ?? 'header'];
  const fa = a.trim().split(/\s+/);
  const fb = b.trim().split(/\s+/);
  // Different field counts: a hash appeared or vanished (e.g. a file became a directory).
  if (fa.length !== fb.length) return ['fields'];
  const out = new Set<string>();
  for (let i = 0; i < fa.length - 1; i++) if (fa[i] !== fb[i]) out.add(fieldName(fa[i]!, i));
  if (fa.at(-1) !== fb.at(-1)) out.add('path');
  return [...out];
}
