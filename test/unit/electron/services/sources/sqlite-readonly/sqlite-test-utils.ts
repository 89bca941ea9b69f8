/**
 * Test helpers for the read-only SQLite readers: temp dirs, a child process that holds a write
 * transaction (like a running BitBake), and a child that runs code as an unprivileged user.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp dir; remove it with `rmTemp`. */
export function makeTemp(prefix = 'hashequiv-lc-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Removes a temp dir (restoring write permission first, tests may have removed it). */
export function rmTemp(dir: string): void {
  spawnSync('chmod', ['-R', 'u+rwX', dir]);
  rmSync(dir, { recursive: true, force: true });
}

const WRITER = `
import { DatabaseSync } from 'node:sqlite';
const [file, sql, heldSql, mode] = process.argv.slice(2);
const db = new DatabaseSync(file);
db.exec('PRAGMA journal_mode=WAL');
db.exec('PRAGMA wal_autocheckpoint=0');
if (mode === 'commit-then-hold') db.exec(sql);
db.exec('BEGIN IMMEDIATE');
db.exec(heldSql);
process.stdout.write('ready\\n');
process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
if (mode === 'crash') process.kill(process.pid, 'SIGKILL');
setInterval(() => {}, 1000);
`;

/** A child process holding `BEGIN IMMEDIATE` on a WAL database; `stop()` rolls back and exits. */
export interface WriterChild {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a writer like a running BitBake/hashserv: WAL mode, `sql` committed, then `heldSql`
 * executed inside a write transaction that stays open. Resolves when the transaction is held.
 */
export async function startWriter(
  dir: string,
  file: string,
  sql: string,
  heldSql: string,
): Promise<WriterChild> {
  const script = path.join(dir, 'writer.mjs');
  writeFileSync(script, WRITER);
  const child = spawn(process.execPath, ['--no-warnings', script, file, sql, heldSql, 'commit-then-hold'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.stdin?.write('x');
      }),
  };
}

/** Commits `sql` in WAL mode with checkpoints disabled, then dies (SIGKILL): -wal and -shm remain. */
export function crashWriter(dir: string, file: string, sql: string): void {
  const script = path.join(dir, 'crash-writer.mjs');
  writeFileSync(
    script,
    `import { DatabaseSync } from 'node:sqlite';
const db = new DatabaseSync(process.argv[2]);
db.exec('PRAGMA journal_mode=WAL'); db.exec('PRAGMA wal_autocheckpoint=0');
db.exec(process.argv[3]);
process.kill(process.pid, 'SIGKILL');`,
  );
  spawnSync(process.execPath, ['--no-warnings', script, file, sql]);
}

/** Uid/gid of `nobody`, used to really drop privileges (root ignores file modes). */
export const NOBODY = 65534;

/** True when we can run a child as another user (we are root). */
export function canDropPrivileges(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Runs a TypeScript snippet (via tsx) as `nobody` and returns its stdout parsed as JSON.
 * The snippet must print one JSON line.
 */
export function runAsNobody(dir: string, code: string): unknown {
  const script = path.join(dir, 'as-nobody.ts');
  writeFileSync(script, code);
  const tsxCli = path.resolve('node_modules/tsx/dist/cli.mjs');
  const r = spawnSync(process.execPath, ['--no-warnings', tsxCli, script], {
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    cwd: path.resolve('.'),
    env: { ...process.env, HOME: os.tmpdir(), TSX_DISABLE_CACHE: '1' },
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line);
}
