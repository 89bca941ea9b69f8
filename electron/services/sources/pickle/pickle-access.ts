import { InspectorError } from '../../../../shared/model/errors';
import type { ErrorWhere } from '../../../../shared/model/errors';
import type {
  PickleDict,
  PickleGlobal,
  PickleObject,
  PickleSet,
  PickleTuple,
  PickleValue,
} from './pickle-value';

/**
 * Narrowing helpers for consumers of readPickle, so every reader does not re-write them.
 * `isX` / `asX` never throw (asX returns undefined on a mismatch); `requireX` throws
 * InspectorError('BAD_FORMAT') naming what was expected, at `where`.
 */

function tagged(v: PickleValue): v is PickleTuple | PickleDict | PickleSet | PickleGlobal | PickleObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** A Python dict. */
export function isDict(v: PickleValue | undefined): v is PickleDict {
  return v !== undefined && tagged(v) && v.$type === 'dict';
}
/** A Python tuple. */
export function isTuple(v: PickleValue | undefined): v is PickleTuple {
  return v !== undefined && tagged(v) && v.$type === 'tuple';
}
/** A Python set or frozenset. */
export function isSet(v: PickleValue | undefined): v is PickleSet {
  return v !== undefined && tagged(v) && v.$type === 'set';
}
/** A symbolic class reference (symbolic mode only). */
export function isGlobal(v: PickleValue | undefined): v is PickleGlobal {
  return v !== undefined && tagged(v) && v.$type === 'global';
}
/** A symbolic object record (symbolic mode only). */
export function isObject(v: PickleValue | undefined): v is PickleObject {
  return v !== undefined && tagged(v) && v.$type === 'object';
}
/** A Python list. */
export function isList(v: PickleValue | undefined): v is PickleValue[] {
  return Array.isArray(v);
}

/** The string, or undefined. */
export function asString(v: PickleValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/** A Python int or float as a number (bigints beyond 2^53 are undefined: not exact as numbers). */
export function asNumber(v: PickleValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
/** A Python int of any size. */
export function asInteger(v: PickleValue | undefined): number | bigint | undefined {
  if (typeof v === 'bigint') return v;
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}
/** The boolean, or undefined. */
export function asBoolean(v: PickleValue | undefined): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
/** The items of a tuple, or undefined. */
export function asTuple(v: PickleValue | undefined): PickleValue[] | undefined {
  return isTuple(v) ? v.items : undefined;
}
/** The items of a list, or undefined. */
export function asList(v: PickleValue | undefined): PickleValue[] | undefined {
  return Array.isArray(v) ? v : undefined;
}
/** The items of a list or a tuple (Python code often accepts both), or undefined. */
export function asSequence(v: PickleValue | undefined): PickleValue[] | undefined {
  return Array.isArray(v) ? v : isTuple(v) ? v.items : undefined;
}
/** The items of a set/frozenset, or undefined. */
export function asSetItems(v: PickleValue | undefined): PickleValue[] | undefined {
  return isSet(v) ? v.items : undefined;
}

/**
 * The value stored under `key` in a dict (last one wins, like Python), or undefined.
 * Keys compare by identity for scalars (string, number, bigint, boolean, null).
 */
export function dictGet(
  d: PickleDict,
  key: string | number | bigint | boolean | null,
): PickleValue | undefined {
  for (let i = d.entries.length - 1; i >= 0; i--) {
    const e = d.entries[i]!;
    if (e[0] === key) return e[1];
  }
  return undefined;
}

/**
 * A dict with string keys as a plain record (a null-prototype object: keys like `__proto__`
 * cannot reach Object.prototype). Undefined when any key is not a string.
 */
export function dictToRecord(d: PickleDict): Record<string, PickleValue> | undefined {
  const out = Object.create(null) as Record<string, PickleValue>;
  for (const [k, v] of d.entries) {
    if (typeof k !== 'string') return undefined;
    out[k] = v;
  }
  return out;
}

/** A dict with string keys as a Map (keeps insertion order; last duplicate wins). */
export function dictToMap(d: PickleDict): Map<string, PickleValue> | undefined {
  const out = new Map<string, PickleValue>();
  for (const [k, v] of d.entries) {
    if (typeof k !== 'string') return undefined;
    out.set(k, v);
  }
  return out;
}

/** A short Python-ish name of a value's type for error messages (`str`, `dict`, `tuple`...). */
export function pickleTypeName(v: PickleValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Uint8Array) return 'bytes';
  switch (typeof v) {
    case 'string':
      return 'str';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    default:
      return v.$type === 'global' ? `class ${v.module}.${v.name}` : v.$type;
  }
}

function mismatch(
  what: string,
  expected: string,
  v: PickleValue | undefined,
  where?: ErrorWhere,
): InspectorError {
  return new InspectorError('BAD_FORMAT', `${what}: expected ${expected}, found ${pickleTypeName(v)}`, where);
}

/** The string, or BAD_FORMAT naming `what`. */
export function requireString(v: PickleValue | undefined, what: string, where?: ErrorWhere): string {
  if (typeof v !== 'string') throw mismatch(what, 'str', v, where);
  return v;
}
/** The dict, or BAD_FORMAT naming `what`. */
export function requireDict(v: PickleValue | undefined, what: string, where?: ErrorWhere): PickleDict {
  if (!isDict(v)) throw mismatch(what, 'dict', v, where);
  return v;
}
/** The tuple's items (optionally of exactly `length` items), or BAD_FORMAT naming `what`. */
export function requireTuple(
  v: PickleValue | undefined,
  what: string,
  where?: ErrorWhere,
  length?: number,
): PickleValue[] {
  if (!isTuple(v)) throw mismatch(what, 'tuple', v, where);
  if (length !== undefined && v.items.length !== length) {
    throw new InspectorError(
      'BAD_FORMAT',
      `${what}: expected a ${length}-tuple, found ${v.items.length} items`,
      where,
    );
  }
  return v.items;
}
/** The list's items, or BAD_FORMAT naming `what`. */
export function requireList(v: PickleValue | undefined, what: string, where?: ErrorWhere): PickleValue[] {
  if (!Array.isArray(v)) throw mismatch(what, 'list', v, where);
  return v;
}
/** A string-keyed dict as a record, or BAD_FORMAT naming `what`. */
export function requireRecord(
  v: PickleValue | undefined,
  what: string,
  where?: ErrorWhere,
): Record<string, PickleValue> {
  const rec = dictToRecord(requireDict(v, what, where));
  if (rec === undefined)
    throw new InspectorError('BAD_FORMAT', `${what}: expected a dict with str keys`, where);
  return rec;
}
/** A list of strings, or BAD_FORMAT naming `what`. */
export function requireStringList(v: PickleValue | undefined, what: string, where?: ErrorWhere): string[] {
  return requireList(v, what, where).map((x, i) => requireString(x, `${what}[${i}]`, where));
}
/** A safe integer, or BAD_FORMAT naming `what`. */
export function requireInt(v: PickleValue | undefined, what: string, where?: ErrorWhere): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw mismatch(what, 'int', v, where);
  return v;
}
