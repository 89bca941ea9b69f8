import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteReadonly } from '../../../../../electron/services/sources/sqlite-readonly/index';
import { openWorkspace, type Workspace } from '../../../../../electron/services/workspace/index';
import { FIXTURES } from '../../../../helpers/paths';

// A build that is only a hashserv.db takes the one-pass derivation (derive-rows.ts,
// deriveServerOnlyRows) and the class table; its rows are checked against the file itself.
// Fixture values (sqlite3 on fixtures/hashserv.db): 51 taskhashes in unihashes_v3 and in
// outhashes_v2 (the same 51), 33 distinct unihashes, 18 rows with unihash <> taskhash,
// 13 unihashes shared by more than one taskhash.
describe('workspace over a lone hashserv.db (server-only derivation)', () => {
  let dir: string;
  let file: string;
  let ws: Workspace;
  let expected: Map<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hei-server-only-'));
    file = path.join(dir, 'hashserv.db');
    copyFileSync(path.join(FIXTURES, 'hashserv.db'), file);
    const rdb = openSqliteReadonly(file);
    expected = new Map(
      rdb.db
        .prepare('SELECT taskhash, unihash FROM unihashes_v3')
        .all()
        .map((r) => [String(r.taskhash), String(r.unihash)]),
    );
    rdb.close();
    ws = await openWorkspace([file]);
  });
  afterAll(() => {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts rows, tasks, unihashes, equivalences and classes as the file states them', () => {
    expect(expected.size).toBe(51);
    const c = ws.summary().builds[0]!.counts;
    expect(c).toMatchObject({ rows: 51, unihashes: 33, equivalent: 18, disagree: 0, classes: 13 });
    expect(ws.summary().counts).toEqual(c);
  });

  it('gives every taskhash one row of the default configuration with the file unihash', () => {
    const page = ws.queryTasks({ offset: 0, limit: 100 });
    expect(page.total).toBe(51);
    for (const r of page.rows) {
      expect(r.mc).toBe('');
      expect(r.unihash).toBe(expected.get(r.taskhash!));
      expect(r.key).toBe(`b1|:${r.pn ?? ''}:${r.task ?? ''}:${r.taskhash}`);
      expect(r.outhashes).toHaveLength(1);
    }
    // Class sizes match a count over the file's own mapping.
    const sizes = new Map<string, number>();
    for (const u of expected.values()) sizes.set(u, (sizes.get(u) ?? 0) + 1);
    for (const r of page.rows) expect(r.classSize).toBe(sizes.get(r.unihash!));
  });

  it("pages the 'equivalent' filter and the classes from the precomputed tables", () => {
    const eq = ws.queryTasks({ filters: ['equivalent'], offset: 0, limit: 100 });
    expect(eq.total).toBe(18);
    expect(eq.rows.every((r) => r.unihash !== r.taskhash)).toBe(true);
    const classes = ws.classes({ minMembers: 2, offset: 0, limit: 5 });
    expect(classes.total).toBe(13);
    expect(classes.rows).toHaveLength(5);
    const sizes = classes.rows.map((k) => k.members.length);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    const all = ws.classes({ offset: 0, limit: 100 });
    expect(all.total).toBe(33);
  });
});
