import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import {
  readEventLog,
  decodeEventLine,
} from '../../../../../../electron/services/sources/eventlog/eventlog-reader';
import type { EventLogEntry } from '../../../../../../electron/services/sources/eventlog/eventlog-reader';
import { FIXTURES } from '../../../../../helpers/paths';

const EVENTLOG = path.join(FIXTURES, 'eventlog');
const RUNS = ['run1', 'run2', 'run3-failure'] as const;

/** Makes `$set` / `$frozenset` item order irrelevant (the README: "compare as unordered"). */
function normalizeSets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeSets);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = normalizeSets(x);
    for (const k of ['$set', '$frozenset']) {
      if (Array.isArray(o[k]))
        o[k] = [...(o[k] as unknown[])].sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
    }
    return o;
  }
  return v;
}
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readAll(file: string, opts = {}): Promise<EventLogEntry[]> {
  const out: EventLogEntry[] = [];
  for await (const e of readEventLog(file, opts)) out.push(e);
  return out;
}

/** Our entries in the README's canonical line form. */
function asCanonicalLines(entries: EventLogEntry[]): unknown[] {
  return entries.map((e) => {
    if (e.kind === 'variables') return { line: e.line, allvariables: e.count };
    if (e.kind === 'event')
      return { line: e.line, class: e.className, value: { $class: e.className, $state: e.attrs } };
    return { line: e.line, error: e.error };
  });
}

describe('readEventLog on the fixture logs', () => {
  it.each(RUNS)(
    '%s decodes to exactly the canonical events of expected/<run>.events.json.gz',
    async (run) => {
      const expected = JSON.parse(
        gunzipSync(readFileSync(path.join(EVENTLOG, 'expected', `${run}.events.json.gz`))).toString('utf8'),
      ) as unknown[];
      const entries = await readAll(path.join(EVENTLOG, `${run}.json`));
      expect(entries.filter((e) => e.kind === 'error')).toEqual([]);
      expect(entries).toHaveLength(expected.length);
      expect(normalizeSets(asCanonicalLines(entries))).toEqual(normalizeSets(expected));
    },
  );

  it('reads the spec examples: a TaskStarted of mc1 and the variable dump', async () => {
    const entries = await readAll(path.join(EVENTLOG, 'run2.json'));
    const dump = entries[120]!;
    expect(dump.kind).toBe('variables');
    if (dump.kind !== 'variables') return;
    expect(dump.line).toBe(121);
    expect(dump.count).toBe(109);
    expect(dump.values.BBMULTICONFIG).toBe('mc1');
    const started = entries[528]!;
    expect(started).toMatchObject({
      kind: 'event',
      line: 529,
      className: 'bb.build.TaskStarted',
      attrs: {
        _fn: 'mc:mc1:/tmp/hei-eventlog/layers/minilayer-eventlog/recipes/zlib_1.3.1.bb',
        _mc: 'mc1',
        taskname: 'do_populate_lic_setscene',
        pn: 'zlib',
        pv: '1.3.1',
        pid: 25928,
      },
    });
  });

  it('reassembles lines across read chunks (small chunks give the same entries)', async () => {
    const file = path.join(EVENTLOG, 'run3-failure.json');
    const whole = await readAll(file);
    const chunked = await readAll(file, { chunkBytes: 4093 }); // lines span many chunks
    expect(chunked).toEqual(whole);
    expect(whole).toHaveLength(297);
  });

  it('decodes only the classes asked for', async () => {
    const entries = await readAll(path.join(EVENTLOG, 'run3-failure.json'), {
      decode: (c: string) => c === 'bb.runqueue.runQueueTaskFailed',
    });
    const decoded = entries.filter((e) => e.kind === 'event' && e.attrs !== null);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]).toMatchObject({
      line: 293,
      attrs: {
        taskid: '/tmp/hei-eventlog/layers/minilayer-eventlog/recipes/dropbear_2022.83.bb:do_compile',
        taskhash: 'f403ec7b39aa382d5bdf5e6f37312e2da34772c34597167a1725a2963c9dc8fb',
        exitcode: 1,
        fakeroot_log: null,
      },
    });
  });
});

describe('readEventLog on bad lines', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hei-eventlog-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const b64 = (bytes: number[] | string): string =>
    Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Uint8Array.from(bytes)).toString(
      'base64',
    );
  const line = (cls: string, vars: string): string => JSON.stringify({ class: cls, vars });
  const good = readFileSync(path.join(EVENTLOG, 'run1.json'), 'utf8').split('\n').slice(0, 3);

  it('gives one error value per bad line and keeps reading', async () => {
    const persid = b64('\x80\x04P1\n.');
    const ext = b64([0x80, 0x04, 0x82, 0x01, 0x2e]);
    const inst = b64('\x80\x02(ios\nsystem\n.');
    const truncated = good[0]!.slice(0, 60);
    const lines = [
      good[0]!,
      'not json',
      '[1, 2]',
      JSON.stringify({ class: 'bb.event.X' }),
      line('bb.event.SanityCheck', '!!not base64!!'),
      line('bb.event.BuildInit', JSON.parse(good[0]!).vars as string), // class mismatch
      line('bb.event.X', persid),
      line('bb.event.X', ext),
      line('bb.event.X', inst),
      line('bb.event.X', b64([0x80, 0x04, 0x4e, 0x2e])), // not an object
      good[1]!,
      '',
      good[2]!,
      truncated, // a killed writer's last line
    ];
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, lines.join('\n'));
    const entries = await readAll(file);
    const summary = entries.map((e) => [e.line, e.kind === 'error' ? e.error.code : e.kind]);
    expect(summary).toEqual([
      [1, 'event'],
      [2, 'BAD_FORMAT'],
      [3, 'BAD_FORMAT'],
      [4, 'BAD_FORMAT'],
      [5, 'BAD_FORMAT'],
      [6, 'BAD_FORMAT'],
      [7, 'UNSAFE_CONTENT'],
      [8, 'UNSAFE_CONTENT'],
      [9, 'UNSAFE_CONTENT'],
      [10, 'BAD_FORMAT'],
      [11, 'event'],
      [13, 'event'],
      [14, 'BAD_FORMAT'],
    ]);
    const refused = entries[6]!;
    expect(refused.kind === 'error' && refused.error).toMatchObject({
      message: expect.stringContaining('opcode PERSID (0x50) at offset 2'),
      where: { file, line: 7, offset: 2 },
    });
    const mismatch = entries[5]!;
    expect(mismatch.kind === 'error' && mismatch.error.message).toContain(
      '"class" says bb.event.BuildInit but the pickle builds bb.event.SanityCheck',
    );
  });

  it('keeps GLOBAL + REDUCE inert: a record naming os.system, never called', () => {
    const evil = b64('\x80\x02cos\nsystem\n(\x8c\x05touch\x94tR.');
    const e = decodeEventLine(line('os.system', evil), 1, 'x.json');
    expect(e).toEqual({ kind: 'event', line: 1, className: 'os.system', attrs: {} });
  });

  it('refuses a pickle that expands beyond the node bound (shared references)', () => {
    const laughs: number[] = [
      0x80, 0x04, 0x8c, 1, 0x6d, 0x8c, 1, 0x45, 0x93, 0x94, 0x29, 0x81, 0x5d, 0x94, 0x30,
    ];
    // memo 0 = class, memo i+1 = list_i holding list_{i-1} twice (popped off the stack):
    // 2^25 leaves when expanded, 200 bytes of pickle.
    for (let i = 1; i <= 25; i++) laughs.push(0x5d, 0x28, 0x68, i, 0x68, i, 0x65, 0x94, 0x30);
    laughs.push(0x7d, 0x8c, 1, 0x78, 0x68, 26, 0x73, 0x62, 0x2e); // state {"x": list_25}, BUILD, STOP
    const e = decodeEventLine(line('m.E', b64(laughs)), 1, 'x.json', { maxItems: 100_000 });
    expect(e.kind).toBe('error');
    expect(e.kind === 'error' && e.error.code).toBe('TOO_LARGE');
  });

  it('skips an over-long line with TOO_LARGE and reads the next one', async () => {
    const file = path.join(dir, 'long.json');
    writeFileSync(file, [good[0]!, 'x'.repeat(5000), good[1]!].join('\n') + '\n');
    const entries = await readAll(file, { maxLineBytes: 4096, chunkBytes: 1000 });
    expect(entries.map((e) => [e.line, e.kind === 'error' ? e.error.code : e.kind])).toEqual([
      [1, 'event'],
      [2, 'TOO_LARGE'],
      [3, 'event'],
    ]);
  });

  it('reports a missing file as NOT_FOUND', async () => {
    await expect(readAll(path.join(dir, 'nope.json'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
