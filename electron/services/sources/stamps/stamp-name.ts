/**
 * Parses stamp file names (spec local-caches.md §D.1/§D.3):
 * `<version>.do_<task>[_setscene].<hash>[.<extrainfo>]`, `<version>.do_<task>.sigdata.<hash>`,
 * `<version>.do_<task>.sigbasedata.<hash>`, `<version>.do_<task>.taint`.
 */
import type { StampKind } from '../../../../shared/model/sources';

/** The parts of one stamp file name. */
export interface StampName {
  kind: StampKind;
  /** PV, or [PE_]PV-PR in older builds; may contain dots. */
  version: string;
  /** With `do_`, without `_setscene`. */
  task: string;
  hash: string | null;
  extraInfo: string | null;
}

const HEX = /^[0-9a-f]+$/;
const SETSCENE = '_setscene';

/** Parses a stamp file name, or returns null for files that are not stamps (e.g. `*.lock`). */
export function parseStampName(fileName: string): StampName | null {
  const at = fileName.indexOf('.do_');
  if (at <= 0) return null;
  const version = fileName.slice(0, at);
  const rest = fileName.slice(at + 1);
  const dot = rest.indexOf('.');
  let task = dot < 0 ? rest : rest.slice(0, dot);
  const tail = dot < 0 ? '' : rest.slice(dot + 1);
  if (task.length <= 3 || !/^do_[A-Za-z0-9_+-]+$/.test(task)) return null;
  const setscene = task.endsWith(SETSCENE);
  if (setscene) task = task.slice(0, -SETSCENE.length);
  if (tail === 'taint') return { kind: 'taint', version, task, hash: null, extraInfo: null };
  for (const kind of ['sigdata', 'sigbasedata'] as const) {
    if (tail.startsWith(`${kind}.`)) {
      const hash = tail.slice(kind.length + 1);
      if (!HEX.test(hash)) return null;
      return { kind, version, task, hash, extraInfo: null };
    }
  }
  const sep = tail.indexOf('.');
  const hash = sep < 0 ? tail : tail.slice(0, sep);
  const extraInfo = sep < 0 ? null : tail.slice(sep + 1);
  if (hash !== '' && !HEX.test(hash)) return null;
  if (extraInfo === '') return null;
  return { kind: setscene ? 'setscene' : 'stamp', version, task, hash: hash === '' ? null : hash, extraInfo };
}
