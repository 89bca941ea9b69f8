// Vitest global setup: fingerprints ../shared (fixtures and vectors are real user-like data) before
// the run and fails the run if any test, reader or tool created, changed or removed anything in it —
// e.g. a SQLite -wal/-shm left beside a database opened the wrong way.
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SHARED_DIR } from '../helpers/paths';

function fingerprint(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const st = lstatSync(full);
      out.set(path.relative(root, full), `${st.mode} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(full);
    }
  };
  walk(root);
  return out;
}

/** Compares two fingerprints; returns one line per difference. */
export function describeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const [p, v] of after) {
    if (!before.has(p)) lines.push(`created: ${p}`);
    else if (before.get(p) !== v) lines.push(`changed: ${p}`);
  }
  for (const p of before.keys()) if (!after.has(p)) lines.push(`removed: ${p}`);
  return lines;
}

export default function setup(): () => void {
  const before = fingerprint(SHARED_DIR);
  return () => {
    const changes = describeChanges(before, fingerprint(SHARED_DIR));
    if (changes.length) {
      throw new Error(
        `The test run wrote into ${SHARED_DIR} (it must stay read-only):\n  ${changes.slice(0, 20).join('\n  ')}`,
      );
    }
  };
}
