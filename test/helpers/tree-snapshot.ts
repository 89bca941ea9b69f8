import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * A fingerprint of every entry under `root`: path, type, size, mtime and content digest.
 * Two equal snapshots prove nothing was written, renamed, created or removed.
 */
export function snapshotTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const st = lstatSync(full);
      const rel = path.relative(root, full);
      if (st.isDirectory()) {
        out.set(rel, `d ${st.mode}`);
        walk(full);
      } else if (st.isSymbolicLink()) {
        out.set(rel, `l ${readlinkSync(full)}`);
      } else {
        const digest = createHash('sha256').update(readFileSync(full)).digest('hex');
        out.set(rel, `f ${st.mode} ${st.size} ${st.mtimeMs} ${digest}`);
      }
    }
  };
  walk(root);
  return out;
}
