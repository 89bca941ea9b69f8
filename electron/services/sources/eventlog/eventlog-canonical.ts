import { InspectorError } from '../../../../shared/model/errors';
import type { ErrorWhere } from '../../../../shared/model/errors';
import type { PickleGlobal, PickleObject, PickleValue } from '../pickle/pickle-value';

/**
 * The plain, JSON-compatible form of a decoded event pickle (fixtures/eventlog/README.md,
 * "canonical plain form"): str/bool/None/numbers as themselves, ints beyond 2^53 as
 * `{"$int": "<decimal>"}`, bytes `{"$bytes": base64}`, tuples `{"$tuple": [...]}`, sets
 * `{"$set"|"$frozenset": [...]}`, string-keyed dicts as objects, other dicts `{"$dict": [[k, v]...]}`,
 * object records `{"$class": "mod.qualname", "$state": ...}` (+ `"$args"` when non-empty), and
 * `{"$cycle": "<class>"}` for a value met again on its own path from the root.
 */
export type CanonicalValue = null | boolean | number | string | CanonicalValue[] | CanonicalObject;

/** A canonical JSON object (a string-keyed dict, or one of the `$`-tagged forms). */
export interface CanonicalObject {
  [key: string]: CanonicalValue;
}

/** Bounds of {@link toCanonical}: shared references are expanded each time, so bound the output. */
export interface CanonicalLimits {
  /** Most output nodes. Default 2,000,000. */
  maxNodes?: number;
  /** Deepest nesting. Default 1,000. */
  maxDepth?: number;
  where?: ErrorWhere;
}

/** `module.qualname` of a class reference. */
export function globalName(g: PickleGlobal): string {
  return `${g.module}.${g.name}`;
}

/**
 * Converts a symbolic-mode pickle value to its canonical plain form. Shared, non-cyclic
 * references are expanded each time (bounded by maxNodes); a container or record met again
 * while still on the path from the root becomes a `$cycle` marker.
 */
export function toCanonical(value: PickleValue, limits: CanonicalLimits = {}): CanonicalValue {
  const maxNodes = limits.maxNodes ?? 2_000_000;
  const maxDepth = limits.maxDepth ?? 1000;
  const onPath = new Set<object>();
  let nodes = 0;

  const tooLarge = (what: string): InspectorError =>
    new InspectorError('TOO_LARGE', `Event value ${what}`, limits.where);

  const conv = (v: PickleValue, depth: number): CanonicalValue => {
    if (++nodes > maxNodes) throw tooLarge(`expands to more than ${maxNodes} nodes`);
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (typeof v === 'bigint') {
      return v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v)
        : { $int: v.toString() };
    }
    if (v instanceof Uint8Array)
      return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    if (!Array.isArray(v) && v.$type === 'global') return { $global: globalName(v) };
    if (onPath.has(v)) return { $cycle: cycleName(v) };
    if (depth >= maxDepth) throw tooLarge(`nests deeper than ${maxDepth} levels`);
    onPath.add(v);
    try {
      const inner = (x: PickleValue): CanonicalValue => conv(x, depth + 1);
      if (Array.isArray(v)) return v.map(inner);
      switch (v.$type) {
        case 'tuple':
          return { $tuple: v.items.map(inner) };
        case 'set':
          return v.frozen ? { $frozenset: v.items.map(inner) } : { $set: v.items.map(inner) };
        case 'dict': {
          const plain = v.entries.every(([k]) => typeof k === 'string' && !k.startsWith('$'));
          if (!plain) return { $dict: v.entries.map(([k, x]) => [inner(k), inner(x)]) };
          const out: CanonicalObject = {};
          for (const [k, x] of v.entries) setKey(out, k as string, inner(x));
          return out;
        }
        case 'object':
          return objectForm(v, inner);
      }
    } finally {
      onPath.delete(v);
    }
  };
  return conv(value, 0);
}

function objectForm(v: PickleObject, inner: (x: PickleValue) => CanonicalValue): CanonicalObject {
  const out: CanonicalObject = {};
  if (isGlobalValue(v.cls)) out.$class = globalName(v.cls);
  else {
    // REDUCE with a callable that is not a plain class reference: keep it visible, never call it.
    out.$class = null;
    out.$callable = inner(v.cls);
  }
  if (v.args.length > 0) out.$args = v.args.map(inner);
  if (v.kwargs !== undefined) out.$kwargs = inner(v.kwargs);
  out.$state = v.state === undefined ? null : inner(mergeSlotState(v.state));
  if (v.listitems) out.$listitems = v.listitems.map(inner);
  if (v.dictitems) out.$dictitems = v.dictitems.map(([k, x]) => [inner(k), inner(x)]);
  return out;
}

/** A `(dict, slots-dict)` BUILD state is merged into one dict (spec eventlog.md §3.2). */
function mergeSlotState(state: PickleValue): PickleValue {
  if (typeof state !== 'object' || state === null || Array.isArray(state) || state instanceof Uint8Array)
    return state;
  if (state.$type !== 'tuple' || state.items.length !== 2) return state;
  const [d, slots] = state.items;
  const isDictOrNone = (x: PickleValue | undefined): boolean =>
    x === null ||
    (typeof x === 'object' && !Array.isArray(x) && !(x instanceof Uint8Array) && x?.$type === 'dict');
  if (!isDictOrNone(d) || !isDictOrNone(slots)) return state;
  const entries: Array<[PickleValue, PickleValue]> = [];
  for (const part of [d, slots]) {
    if (
      part &&
      typeof part === 'object' &&
      !Array.isArray(part) &&
      !(part instanceof Uint8Array) &&
      part.$type === 'dict'
    ) {
      entries.push(...part.entries);
    }
  }
  return { $type: 'dict', entries };
}

function isGlobalValue(v: PickleValue): v is PickleGlobal {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    v.$type === 'global'
  );
}

/** The `$cycle` marker name: the record's class, or the builtin container type. */
function cycleName(v: object): string {
  if (Array.isArray(v)) return 'builtins.list';
  const t = v as Exclude<PickleValue, null | boolean | number | bigint | string | Uint8Array | PickleValue[]>;
  switch (t.$type) {
    case 'tuple':
      return 'builtins.tuple';
    case 'dict':
      return 'builtins.dict';
    case 'set':
      return t.frozen ? 'builtins.frozenset' : 'builtins.set';
    case 'global':
      return globalName(t);
    case 'object':
      return isGlobalValue(t.cls) ? globalName(t.cls) : 'builtins.object';
  }
}

/** Sets a key without letting `__proto__` reach the prototype. */
function setKey(o: CanonicalObject, k: string, v: CanonicalValue): void {
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
