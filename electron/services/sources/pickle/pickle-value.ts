/**
 * Values our pickle reader produces. Python types map to plain JS where that is lossless
 * (str -> string, int -> number or bigint beyond 2^53, bytes -> Uint8Array, list -> array,
 * dict with str keys -> PickleDict); the rest keep their Python shape as tagged records.
 *
 * In 'symbolic' mode (event logs only), class references and object construction become
 * inert PickleGlobal / PickleObject records: nothing is ever resolved or called.
 */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PickleTuple
  | PickleDict
  | PickleSet
  | PickleGlobal
  | PickleObject;

/** A Python tuple. */
export interface PickleTuple {
  readonly $type: 'tuple';
  readonly items: PickleValue[];
}

/** A Python dict; keys may be any hashable value, so entries keep their order and raw keys. */
export interface PickleDict {
  readonly $type: 'dict';
  readonly entries: Array<[PickleValue, PickleValue]>;
}

/** A Python set or frozenset. */
export interface PickleSet {
  readonly $type: 'set';
  readonly frozen: boolean;
  readonly items: PickleValue[];
}

/** Symbolic mode: a reference to `module.qualname`, never resolved. */
export interface PickleGlobal {
  readonly $type: 'global';
  readonly module: string;
  readonly name: string;
}

/** Symbolic mode: an object built by REDUCE/NEWOBJ from a class reference, with its BUILD state. */
export interface PickleObject {
  readonly $type: 'object';
  readonly cls: PickleGlobal | PickleValue;
  readonly args: PickleValue[];
  /** BUILD state (usually a dict, or a (dict, slots) tuple); undefined if never built. */
  state?: PickleValue;
  /** NEWOBJ_EX keyword arguments (a dict), if any. */
  kwargs?: PickleValue;
  /** Items APPENDed to the object (a list subclass), if any. */
  listitems?: PickleValue[];
  /** Items SETITEM'ed on the object (a dict subclass), if any. */
  dictitems?: Array<[PickleValue, PickleValue]>;
}
