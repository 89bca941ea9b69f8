import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../../../../../electron/services/workspace/index';
import { M1, M2, oh, th, writeEdgeHashservDb } from './edge-hashserv-db';

// The server-only derivation (derive-rows.ts) over a database built to hold its corner cases
// (see edge-hashserv-db.ts). Expected values worked out by hand from that file's rows.
describe('server-only derivation: corner cases of a hashserv.db', () => {
  let dir: string;
  let ws: Workspace;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hei-server-edge-'));
    const file = path.join(dir, 'hashserv.db');
    writeEdgeHashservDb(file);
    ws = await openWorkspace([file]);
  });
  afterAll(() => {
    ws?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers rows by taskhash, then the taskhashes only an outhash report knows', () => {
    const ids = [...ws.rowIdentities()];
    expect(ids.map((r) => r.taskhash)).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 6].map(th));
    expect(ids.map((r) => `${r.pn}:${r.task}`)).toEqual([
      'a:do_compile',
      'a:do_compile',
      'b:do_install',
      'b:do_install',
      'null:null',
      'c:do_deploy',
      'c:do_deploy',
      'a:do_compile',
      'null:do_package',
      'd:null',
      'b:do_install',
    ]);
  });

  it('marks the newest report of each task current; ties go to the later row', () => {
    const latest = [...ws.rowIdentities()].filter((r) => r.latest).map((r) => r.taskhash);
    // a:do_compile -> th2 (newest); b:do_install -> th6 (three-way tie, last row);
    // c:do_deploy -> th7 (th8 has no date).
    expect(latest).toEqual([th(2), th(7), th(6)]);
    expect(ws.summary().counts).toEqual({
      rows: 11,
      recipes: 4,
      tasks: 3,
      unihashes: 8,
      equivalent: 3,
      disagree: 1,
      withSstate: 0,
      classes: 1,
    });
  });

  it('takes the first outhash by time, the first stored unihash, and counts both', () => {
    const byTh = new Map(ws.queryTasks({ offset: 0, limit: 100 }).rows.map((r) => [r.taskhash, r]));
    const r1 = byTh.get(th(1))!;
    expect(r1.outhashes).toEqual([oh(2), oh(1)]);
    expect(r1.created).toBe('2025-01-01 09:00:00');
    expect(r1.classSize).toBe(3);
    const r7 = byTh.get(th(7))!;
    expect(r7.unihash).toBe(th(0x71));
    expect(r7.unihashes.map((u) => u.unihash)).toEqual([th(0x71), th(0x72)]);
    // The first stored statement wins, not the first method in sort order (M2 < M1).
    expect(M2 < M1).toBe(true);
    expect([...ws.rowIdentities()].find((r) => r.taskhash === th(7))?.method).toBe(M1);
    const r6 = byTh.get(th(6))!;
    expect(r6.unihash).toBeNull();
    expect(r6.classSize).toBe(0);
    expect(byTh.get(th(5))!.outhashes).toEqual([]);
    expect(byTh.get(th(8))!.created).toBeNull();
    expect(ws.queryTasks({ filters: ['disagree'] }).rows.map((r) => r.taskhash)).toEqual([th(7)]);
    expect(ws.queryTasks({ filters: ['no-outhash'] }).rows.map((r) => r.taskhash)).toEqual([th(5)]);
    expect(ws.queryTasks({ filters: ['multi-outhash'] }).rows.map((r) => r.taskhash)).toEqual([th(1)]);
  });

  it('sorts with the row number breaking ties', () => {
    const order = (column: 'mc' | 'created' | 'unihash', dir: 'asc' | 'desc' = 'asc') =>
      ws.queryTasks({ sort: { column, dir }, offset: 0, limit: 100 }).rows.map((r) => r.taskhash);
    expect(order('mc')).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 6].map(th));
    expect(order('created')).toEqual([5, 8, 9, 1, 2, 3, 4, 6, 7, 10, 11].map(th));
    expect(order('created', 'desc')).toEqual([11, 10, 7, 6, 4, 3, 2, 1, 9, 8, 5].map(th));
    expect(order('unihash')).toEqual([6, 1, 2, 9, 3, 4, 5, 8, 10, 11, 7].map(th));
  });

  it('details a task with its reports in time order and its siblings', () => {
    const key = `b1|:a:do_compile:${th(1)}`;
    const d = ws.task(key);
    expect(d.reports.map((r) => r.outhash)).toEqual([oh(2), oh(1)]);
    expect(d.siblings.map((s) => s.taskhash)).toEqual([th(9), th(2)]);
    expect(d.equivalence?.members.map((m) => m.taskhash)).toEqual([th(1), th(9), th(2)]);
  });
});
