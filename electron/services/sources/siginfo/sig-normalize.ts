import { InspectorError } from '../../../../shared/model/errors';
import type { SigData } from '../../../../shared/model/sigdata';

/**
 * The decoded content of a sig file before normalization, in JSON shape: objects with string
 * keys, arrays (lists and tuples), strings, numbers, null, and sets as `{ _set_object: [...] }`
 * (the modern encoding). The pickle path converts its values into this same shape.
 */
export type RawSigValue = string | number | boolean | null | RawSigValue[] | { [key: string]: RawSigValue };

/** Python's `sorted()` order for strings: by code point (not UTF-16 unit, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Sorts strings in Python's order, returning a new array. */
export function sortedPy(items: Iterable<string>): string[] {
  return [...items].sort(compareCodePoints);
}

function isObject(v: RawSigValue | undefined): v is { [key: string]: RawSigValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Turns the decoded content of a modern or legacy sig file into `SigData`: legacy key names
 * (`basewhitelist`, `taskwhitelist`) mapped, sets sorted, every field type-checked. A field of the
 * wrong type is a BAD_FORMAT error naming the key.
 */
export function normalizeSigData(raw: RawSigValue, file?: string): SigData {
  const bad = (entry: string, what: string): never => {
    throw new InspectorError('BAD_FORMAT', `sig file field '${entry}' ${what}`, { file, entry });
  };
  if (!isObject(raw)) bad('(top level)', 'is not a dictionary');
  const top = raw as { [key: string]: RawSigValue };
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(top, k);

  const str = (k: string): string => {
    const v = top[k];
    if (typeof v !== 'string') bad(k, has(k) ? 'is not a string' : 'is missing');
    return v as string;
  };
  const optStr = (k: string): string | undefined => (has(k) && top[k] !== null ? str(k) : undefined);
  const stringSet = (v: RawSigValue | undefined, k: string): string[] => {
    const items = isObject(v) && Array.isArray(v._set_object) ? v._set_object : v;
    if (!Array.isArray(items)) return bad(k, 'is not a set or list');
    for (const it of items) if (typeof it !== 'string') bad(k, 'holds a non-string item');
    return sortedPy(items as string[]);
  };

  const ignoreKey = has('basehash_ignore_vars') ? 'basehash_ignore_vars' : 'basewhitelist';
  const tasksKey = has('taskhash_ignore_tasks') ? 'taskhash_ignore_tasks' : 'taskwhitelist';
  const ignoreTasks = top[tasksKey];
  if (ignoreTasks !== undefined && ignoreTasks !== null && typeof ignoreTasks !== 'string') {
    bad(tasksKey, 'is neither a string nor None');
  }

  const gendeps: Record<string, string[]> = {};
  const rawGendeps = top.gendeps ?? {};
  if (!isObject(rawGendeps)) bad('gendeps', 'is not a dictionary');
  for (const [k, v] of Object.entries(rawGendeps as { [key: string]: RawSigValue })) {
    gendeps[k] = stringSet(v, `gendeps.${k}`);
  }

  const varvals: Record<string, string | null> = {};
  if (!isObject(top.varvals)) bad('varvals', has('varvals') ? 'is not a dictionary' : 'is missing');
  for (const [k, v] of Object.entries(top.varvals as { [key: string]: RawSigValue })) {
    varvals[k] = pyStrValue(v, () => bad(`varvals.${k}`, 'is not a string or None'));
  }

  const data: SigData = {
    task: str('task'),
    basehashIgnoreVars: has(ignoreKey) ? stringSet(top[ignoreKey], ignoreKey) : [],
    taskhashIgnoreTasks: typeof ignoreTasks === 'string' ? ignoreTasks : null,
    taskdeps: stringSet(top.taskdeps, 'taskdeps'),
    basehash: str('basehash'),
    gendeps,
    varvals,
  };

  if (has('runtaskdeps')) {
    const v = top.runtaskdeps;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      bad('runtaskdeps', 'is not a list of strings');
    data.runtaskdeps = [...(v as string[])];
  }
  if (has('runtaskhashes')) {
    const v = top.runtaskhashes;
    if (!isObject(v)) bad('runtaskhashes', 'is not a dictionary');
    const out: Record<string, string> = {};
    for (const [k, h] of Object.entries(v as { [key: string]: RawSigValue })) {
      if (typeof h !== 'string') bad(`runtaskhashes.${k}`, 'is not a string');
      out[k] = h as string;
    }
    data.runtaskhashes = out;
  }
  if (has('file_checksum_values')) data.fileChecksumValues = fileChecksums(top.file_checksum_values, bad);
  const taskhash = optStr('taskhash');
  if (taskhash !== undefined) data.taskhash = taskhash;
  const unihash = optStr('unihash');
  if (unihash !== undefined) data.unihash = unihash;
  const taint = optStr('taint');
  if (taint !== undefined) data.taint = taint;
  return data;
}

/** `str()` of a value as BitBake would hash it; strings and None in practice. */
function pyStrValue(v: RawSigValue, fail: () => never): string | null {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return fail();
}

/** `[[name, md5], ...]` (modern), `[(name, md5), ...]` (legacy) or the oldest `{name: md5}`. */
function fileChecksums(
  v: RawSigValue | undefined,
  bad: (entry: string, what: string) => never,
): Array<[string, string | null]> {
  const pairs: RawSigValue[] = Array.isArray(v)
    ? v
    : isObject(v)
      ? Object.entries(v).map(([k, cs]) => [k, cs])
      : bad('file_checksum_values', 'is not a list');
  return pairs.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string') {
      return bad(`file_checksum_values[${i}]`, 'is not a (name, checksum) pair');
    }
    const cs = p[1];
    if (cs !== null && typeof cs !== 'string')
      return bad(`file_checksum_values[${i}]`, 'has a non-string checksum');
    return [p[0], cs ?? null];
  });
}
