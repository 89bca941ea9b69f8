import { InspectorError } from '../../../../shared/model/errors';
import { readPickle } from '../pickle/pickle-reader';
import type { PickleValue } from '../pickle/pickle-value';
import type { RawSigValue } from './sig-normalize';

/**
 * Decodes a legacy (BitBake 1.42–1.52) pickled sig file with the data-only pickle reader and
 * converts it to the JSON shape of modern files: dicts with str keys become objects, sets become
 * `{ _set_object: [...] }`, tuples become arrays. Anything else (bytes, floats, code references)
 * has no place in a sig file and is a BAD_FORMAT error.
 */
export function decodeLegacySig(bytes: Uint8Array, file: string): RawSigValue {
  const value = readPickle(bytes, { file, mode: 'data' });
  return toRaw(value, file, '(top level)');
}

function toRaw(v: PickleValue, file: string, entry: string): RawSigValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map((x, i) => toRaw(x, file, `${entry}[${i}]`));
  if (v instanceof Uint8Array) {
    throw new InspectorError('BAD_FORMAT', 'unexpected bytes value in a sig file', { file, entry });
  }
  switch (v.$type) {
    case 'tuple':
      return v.items.map((x, i) => toRaw(x, file, `${entry}[${i}]`));
    case 'set':
      return { _set_object: v.items.map((x, i) => toRaw(x, file, `${entry}{${i}}`)) };
    case 'dict': {
      const out: { [key: string]: RawSigValue } = {};
      for (const [k, val] of v.entries) {
        if (typeof k !== 'string') {
          throw new InspectorError('BAD_FORMAT', 'dictionary key is not a string', { file, entry });
        }
        out[k] = toRaw(val, file, entry === '(top level)' ? k : `${entry}.${k}`);
      }
      return out;
    }
    case 'global':
    case 'object':
      throw new InspectorError('UNSAFE_CONTENT', 'code reference in a sig file', { file, entry });
  }
}
