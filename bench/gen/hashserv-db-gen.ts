/**
 * Generates a big hashserv.db (current schema) for the workspace benchmark: `rows` taskhashes,
 * each with a unihash row and an outhash report with PN/PV/PR/task, spread over ~3,000 recipes ×
 * 8 sstate tasks; one in ten taskhashes is folded into an older taskhash's unihash (same outhash),
 * as a hashserv accumulating many builds would look. Deterministic (seeded).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { seededRandom } from '../../electron/services/workspace/demo/demo-model';
import { writeHashservDb } from '../../electron/services/workspace/demo/demo-formats';

const TASKS = [
  'populate_sysroot',
  'package',
  'packagedata',
  'package_write_ipk',
  'populate_lic',
  'deploy',
  'package_qa',
  'create_spdx',
];
const METHOD = 'oe.sstatesig.OEOuthashBasic';

/** Returns the path of a generated database with `rows` unihash rows, reusing one already there. */
export function ensureBigHashservDb(dir: string, rows: number): string {
  const file = path.join(dir, `hashserv-${rows}.db`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp`;
  rmSync(tmp, { force: true });
  const rnd = seededRandom(42);
  const hex = (i: number, salt: string) => createHash('sha256').update(`${salt}:${i}`).digest('hex');
  const recipes = Math.max(1, Math.floor(rows / 300));
  const taskhashes: string[] = [];
  const outhashOf: string[] = [];
  const unihashes = function* () {
    for (let i = 0; i < rows; i++) {
      const th = hex(i, 'task');
      taskhashes.push(th);
      let uh = th;
      let oh = hex(i, 'out');
      if (i > 1000 && rnd() < 0.1) {
        // Folded: the same output as an earlier taskhash of the same task slot.
        const j = i - 8 * (1 + Math.floor(rnd() * 100));
        uh = (taskhashes[j] === undefined ? th : unihashOfIdx[j]) ?? th;
        oh = outhashOf[j] ?? oh;
      }
      outhashOf.push(oh);
      unihashOfIdx.push(uh);
      yield { method: METHOD, taskhash: th, unihash: uh };
    }
  };
  const unihashOfIdx: string[] = [];
  const base = Date.UTC(2025, 0, 1) / 1000;
  // writeHashservDb consumes the unihash iterator first, so the outhash arrays are complete below.
  const reports = function* () {
    for (let i = 0; i < rows; i++) {
      const r = Math.floor(i / 8) % recipes;
      const created = new Date((base + i * 3) * 1000).toISOString().replace('Z', '000+00:00');
      yield {
        method: METHOD,
        taskhash: taskhashes[i] ?? '',
        outhash: outhashOf[i] ?? '',
        created,
        owner: i % 7 === 0 ? 'ci' : 'builder',
        pn: `recipe-${r}`,
        pv: '1.0',
        pr: 'r0',
        task: TASKS[i % 8] ?? 'package',
        siginfo: null,
      };
    }
  };
  writeHashservDb(tmp, unihashes(), reports());
  const db = new DatabaseSync(tmp);
  db.exec('ANALYZE');
  db.close();
  renameSync(tmp, file);
  return file;
}
