import { describe, expect, it } from 'vitest';
import { readPickle } from '../../../../../../electron/services/sources/pickle/pickle-reader';
import { isObject, requireDict } from '../../../../../../electron/services/sources/pickle/pickle-access';
import type { PickleObject } from '../../../../../../electron/services/sources/pickle/pickle-value';
import { InspectorError } from '../../../../../../shared/model/errors';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from '../../../../../helpers/paths';

/** run1.json line 971 of the event log fixtures, which the spec disassembles (eventlog.md §3.1). */
const LINE_971 = JSON.parse(
  readFileSync(path.join(FIXTURES, 'eventlog/run1.json'), 'utf8').split('\n')[970]!,
) as { class: string; vars: string };
const TASK_UNIHASH_UPDATE = Buffer.from(LINE_971.vars, 'base64');

function bytesOf(...parts: Array<number[] | string>): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (const ch of p) out.push(ch.charCodeAt(0));
    else out.push(...p);
  }
  return Uint8Array.from(out);
}

function str(s: string): number[] {
  return [0x8c, s.length, ...Array.from(s, (c) => c.charCodeAt(0)), 0x94];
}

describe('readPickle symbolic mode', () => {
  it('decodes an event: STACK_GLOBAL -> inert name, NEWOBJ -> record, BUILD -> state', () => {
    expect(LINE_971.class).toBe('bb.runqueue.taskUniHashUpdate');
    expect(TASK_UNIHASH_UPDATE.length).toBe(242);
    const v = readPickle(new Uint8Array(TASK_UNIHASH_UPDATE), { mode: 'symbolic' });
    expect(isObject(v)).toBe(true);
    const obj = v as PickleObject;
    expect(obj.cls).toEqual({ $type: 'global', module: 'bb.runqueue', name: 'taskUniHashUpdate' });
    expect(obj.args).toEqual([]);
    const state = requireDict(obj.state, 'state');
    expect(state.entries).toEqual([
      ['taskid', 'mc:mc1:/tmp/hei-eventlog/layers/minilayer-eventlog/recipes/zlib_1.3.1.bb:do_populate_lic'],
      ['unihash', 'da454e63480f190df1cf111c493f1599925d27e408aaacd70ccc8bc8c121e50c'],
      ['pid', 25333],
    ]);
  });

  it('data mode refuses the same event at its STACK_GLOBAL', () => {
    try {
      readPickle(new Uint8Array(TASK_UNIHASH_UPDATE), { file: 'run1.json' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InspectorError);
      expect((e as InspectorError).code).toBe('UNSAFE_CONTENT');
      expect((e as InspectorError).message).toContain('opcode STACK_GLOBAL (0x93) at offset 45');
    }
  });

  it('takes STACK_GLOBAL operands and NEWOBJ classes from the memo, and keeps cycles as shared records', () => {
    // outer = A(); outer.__dict__ = {"inner": A() (class from memo), "self": outer (memo)}
    const p = bytesOf(
      [0x80, 0x04],
      str('mod'), // memo 0
      str('A'), // memo 1
      [0x93, 0x94], // STACK_GLOBAL -> memo 2
      [0x29, 0x81, 0x94], // NEWOBJ outer -> memo 3
      [0x7d, 0x94, 0x28], // EMPTY_DICT memo 4, MARK
      str('inner'),
      [0x68, 0x02, 0x29, 0x81, 0x94], // BINGET class, EMPTY_TUPLE, NEWOBJ
      str('self'),
      [0x68, 0x03], // BINGET outer
      [0x75, 0x62, 0x2e], // SETITEMS BUILD STOP
    );
    const outer = readPickle(p, { mode: 'symbolic' }) as PickleObject;
    const state = requireDict(outer.state, 'state');
    expect(state.entries[0]![0]).toBe('inner');
    expect((state.entries[0]![1] as PickleObject).cls).toBe(outer.cls); // same memo object
    expect(state.entries[1]![1]).toBe(outer); // the cycle, by identity
    // A data-mode reader never gets this far; a cycle of plain containers is refused there.
    expect(() => readPickle(p)).toThrow(/STACK_GLOBAL/);
  });

  it('models REDUCE as an inert record and GLOBAL as a name: nothing is resolved', () => {
    const p = bytesOf([0x80, 0x02], 'cos\nsystem\n', [0x28], str('rm -rf /'), [0x74, 0x52, 0x2e]);
    expect(readPickle(p, { mode: 'symbolic' })).toEqual({
      $type: 'object',
      cls: { $type: 'global', module: 'os', name: 'system' },
      args: ['rm -rf /'],
    });
  });

  it('refuses BUILD on something that is not a record and STACK_GLOBAL of non-strings', () => {
    expect(() => readPickle(bytesOf([0x80, 0x04, 0x7d, 0x7d, 0x62, 0x2e]), { mode: 'symbolic' })).toThrow(
      /BUILD at offset 4 applies state to a dict/,
    );
    expect(() =>
      readPickle(bytesOf([0x80, 0x04, 0x4b, 1, 0x4b, 2, 0x93, 0x2e]), { mode: 'symbolic' }),
    ).toThrow(/STACK_GLOBAL at offset 6 needs two strings/);
  });

  it('bounds depth in symbolic mode too', () => {
    const nested = bytesOf([0x80, 0x04], Array(80).fill(0x5d), Array(79).fill(0x61), [0x2e]);
    expect(() => readPickle(nested, { mode: 'symbolic', maxDepth: 20 })).toThrow(/deeper than 20/);
  });

  it('keeps NEWOBJ_EX kwargs and items appended/set on records (list/dict subclasses)', () => {
    const p = bytesOf(
      [0x80, 0x04],
      str('collections'),
      str('OrderedDict'),
      [0x93, 0x94], // class -> memo 2
      [0x29, 0x7d, 0x92, 0x94], // (), {} NEWOBJ_EX -> memo 3
      [0x28],
      str('k'),
      [0x4b, 0x07, 0x75], // SETITEMS k=7 on the record
      [0x2e],
    );
    expect(readPickle(p, { mode: 'symbolic' })).toEqual({
      $type: 'object',
      cls: { $type: 'global', module: 'collections', name: 'OrderedDict' },
      args: [],
      kwargs: { $type: 'dict', entries: [] },
      dictitems: [['k', 7]],
    });
    expect(() => readPickle(p)).toThrow(/STACK_GLOBAL/);
  });
});
