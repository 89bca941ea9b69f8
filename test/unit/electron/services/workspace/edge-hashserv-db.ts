/**
 * A small hashserv.db (current schema) holding the cases a server-only derivation must get right:
 * several outhash reports per taskhash, reports without a unihash row and unihash rows without a
 * report, two methods disagreeing on one taskhash (stored out of method order), ties and NULLs in
 * `created`, task names with and without `do_`, reports without PN or task. Test data only.
 */
import { DatabaseSync } from 'node:sqlite';
import { writeHashservDb } from '../../../../../electron/services/workspace/demo/demo-formats';

/** Taskhash number n: its two hex digits repeated, so hex order is numeric order. */
export const th = (n: number): string => n.toString(16).padStart(2, '0').repeat(32);
/** An outhash (distinct from every taskhash). */
export const oh = (n: number): string => `f${n.toString(16).padStart(2, '0')}`.padEnd(64, 'e');

export const M1 = 'oe.sstatesig.OEOuthashBasic';
export const M2 = 'oe.sstatesig.OEEquivHash';

type Report = [
  method: string,
  taskhash: string,
  outhash: string,
  created: string | null,
  pn: string | null,
  task: string | null,
];

/** Writes the database to `file`. */
export function writeEdgeHashservDb(file: string): void {
  writeHashservDb(file, [], []);
  const db = new DatabaseSync(file);
  try {
    const unihashes: Array<[string, string, string]> = [
      [M1, th(1), th(1)],
      [M1, th(2), th(1)], // folded into th(1)
      [M1, th(3), th(3)],
      [M1, th(4), th(4)],
      [M1, th(5), th(5)], // no report
      // Two methods disagree. The first stored is the row's unihash: M1, though M2 sorts first.
      [M1, th(7), th(0x71)],
      [M2, th(7), th(0x72)],
      [M1, th(8), th(8)],
      [M1, th(9), th(1)], // folded into th(1) too
      [M1, th(10), th(10)],
      [M1, th(11), th(11)],
    ];
    const reports: Report[] = [
      [M1, th(1), oh(1), '2025-01-01 10:00:00', 'a', 'compile'],
      [M1, th(1), oh(2), '2025-01-01 09:00:00', 'a', 'compile'], // earlier: the row's outhash
      [M1, th(2), oh(1), '2025-01-02 00:00:00', 'a', 'do_compile'],
      [M1, th(3), oh(3), '2025-02-01 00:00:00', 'b', 'install'],
      [M1, th(4), oh(4), '2025-02-01 00:00:00', 'b', 'install'], // ties th(3)
      [M1, th(6), oh(6), '2025-02-01 00:00:00', 'b', 'install'], // ties too, has no unihash row
      [M1, th(7), oh(7), '2025-03-01 00:00:00', 'c', 'deploy'],
      [M1, th(8), oh(8), null, 'c', 'deploy'],
      [M1, th(9), oh(1), '2024-12-31 00:00:00', 'a', 'compile'],
      [M1, th(10), oh(10), '2025-04-01 00:00:00', null, 'package'],
      [M1, th(11), oh(11), '2025-04-01 00:00:00', 'd', ''],
    ];
    db.exec('BEGIN');
    const u = db.prepare(
      "INSERT INTO unihashes_v3 (method, taskhash, unihash, gc_mark) VALUES (?, ?, ?, '')",
    );
    for (const r of unihashes) u.run(...r);
    const o = db.prepare(
      `INSERT INTO outhashes_v2 (method, taskhash, outhash, created, owner, PN, PV, PR, task, outhash_siginfo)
       VALUES (?, ?, ?, ?, 'ci', ?, '1.0', 'r0', ?, NULL)`,
    );
    for (const [method, taskhash, outhash, created, pn, task] of reports)
      o.run(method, taskhash, outhash, created, pn, task);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}
