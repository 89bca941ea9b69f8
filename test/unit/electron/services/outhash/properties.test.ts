import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  computeOuthashFromArchive,
  computeOuthashFromDirectory,
  type OuthashParams,
} from '../../../../../electron/services/outhash/compute';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'outhash-prop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let counter = 0;

type Node =
  | { kind: 'file'; path: string; content: string; mode: number; mtime: number }
  | { kind: 'dir'; path: string; mode: number; mtime: number }
  | { kind: 'link'; path: string; target: string; mtime: number };

// Names chosen to exercise ordering: case, punctuation, non-ASCII and astral code points.
const nameArb = fc.constantFrom(
  'a',
  'B',
  'a-b',
  'a.b',
  'a b',
  'é',
  'e\u0301',
  'ω',
  '\u{1F600}',
  '\uE000',
  'z',
  'fixmepath',
  '_',
);

const treeArb = fc
  .uniqueArray(fc.array(nameArb, { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 12,
    selector: (p) => p.join('/'),
  })
  .chain((paths) => {
    // Every prefix of a path is a directory; leaves are files, dirs or symlinks.
    const dirs = new Set<string>();
    for (const p of paths) for (let i = 1; i < p.length; i++) dirs.add(p.slice(0, i).join('/'));
    const leaves = paths.map((p) => p.join('/')).filter((p) => !dirs.has(p));
    return fc.tuple(
      fc.constant([...dirs]),
      fc.tuple(
        ...leaves.map((p) =>
          fc.oneof(
            fc.record({
              kind: fc.constant('file' as const),
              path: fc.constant(p),
              content: fc.string({ maxLength: 40 }),
              mode: fc.constantFrom(0o644, 0o755, 0o600, 0o4755),
              mtime: fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }),
            }),
            fc.record({
              kind: fc.constant('dir' as const),
              path: fc.constant(p),
              mode: fc.constantFrom(0o755, 0o700),
              mtime: fc.integer({ min: 0, max: 2e9 }),
            }),
            fc.record({
              kind: fc.constant('link' as const),
              path: fc.constant(p),
              target: fc.constantFrom('a', '..', '/nonexistent/x', 'B/a', '.'),
              mtime: fc.integer({ min: 0, max: 2e9 }),
            }),
          ),
        ),
      ),
      fc.integer({ min: 0, max: 1e9 }),
    );
  })
  .map(([dirs, leaves, seed]) => ({
    nodes: [
      ...dirs.map((d) => ({ kind: 'dir' as const, path: d, mode: 0o755, mtime: 1_650_000_000 })),
      ...leaves,
    ] as Node[],
    seed,
  }));

function create(nodes: Node[], order: number[]): string {
  const top = path.join(tmp, `t${counter++}`);
  mkdirSync(top);
  // Parents must exist first: create directories by depth, then the rest in the given order.
  const byDepth = [...nodes]
    .filter((n) => n.kind === 'dir')
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (const n of byDepth) mkdirSync(path.join(top, n.path), { recursive: true });
  for (const i of order) {
    const n = nodes[i]!;
    const p = path.join(top, n.path);
    if (n.kind === 'file') writeFileSync(p, n.content);
    if (n.kind === 'link') symlinkSync(n.target, p);
  }
  for (const n of [...nodes].reverse()) {
    const p = path.join(top, n.path);
    if (n.kind !== 'link') chmodSync(p, n.mode);
    lutimesSync(p, n.mtime, n.mtime);
  }
  chmodSync(top, 0o755);
  return top;
}

function archive(top: string): string {
  const out = `${top}.tar.zst`;
  const names = readdirSync(top).sort();
  const tar = execFileSync(
    'tar',
    ['-C', top, '-c', '-f', '-', ...(names.length ? ['--', ...names] : ['--files-from=/dev/null'])],
    {
      maxBuffer: 64 << 20,
    },
  );
  execFileSync('zstd', ['-q', '-o', out], { input: tar });
  return out;
}

const params: OuthashParams = {
  task: 'package',
  pkgspec: 'sstate:prop:',
  hashVersion: '18',
  extraSigdata: null,
  sourceDateEpoch: '1700000000',
  underPseudo: true,
  filemap: null,
  // The archive has no top directory: describe ours (created by this process).
  root: {
    mode: 0o755,
    user: os.userInfo().username,
    group: execFileSync('id', ['-gn']).toString().trim(),
    mtime: 0,
  },
};

function shuffle(n: number, seed: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  let s = seed || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('outhash properties', () => {
  it('a tree and its archive always give the same sigtext', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, fc.constantFrom('package', 'populate_sysroot'), async ({ nodes }, task) => {
        const top = create(
          nodes,
          nodes.map((_, i) => i),
        );
        const p = { ...params, task };
        const a = await computeOuthashFromDirectory(top, p);
        const b = await computeOuthashFromArchive(archive(top), p);
        expect(b.sigtext).toBe(a.sigtext);
      }),
      { numRuns: 15 },
    );
  });

  it('permuting creation order changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async ({ nodes, seed }) => {
        const a = await computeOuthashFromDirectory(
          create(
            nodes,
            nodes.map((_, i) => i),
          ),
          params,
        );
        const b = await computeOuthashFromDirectory(create(nodes, shuffle(nodes.length, seed)), params);
        expect(b.outhash).toBe(a.outhash);
      }),
      { numRuns: 15 },
    );
  });

  it('any one-field change of one file changes exactly one line', async () => {
    const fieldArb = fc.constantFrom('mode', 'content', 'mtime', 'target');
    await fc.assert(
      fc.asyncProperty(treeArb, fieldArb, fc.nat(), async ({ nodes }, field, pick) => {
        // A link's target may decide whether it counts as a directory (which moves its line), so
        // the target change is made on dangling links, which stay non-directories.
        const candidates = nodes.filter((n) =>
          field === 'target' ? n.kind === 'link' && n.target.startsWith('/nonexistent/') : n.kind === 'file',
        );
        fc.pre(candidates.length > 0);
        const victim = candidates[pick % candidates.length]!;
        const changed = nodes.map((n): Node => {
          if (n !== victim) return n;
          if (n.kind === 'link') return { ...n, target: n.target + 'x' };
          if (n.kind !== 'file') return n;
          if (field === 'mode') return { ...n, mode: n.mode ^ 0o100 };
          if (field === 'content') return { ...n, content: n.content + '!' };
          return { ...n, mtime: n.mtime - 100_000_000 }; // below SOURCE_DATE_EPOCH: visible
        });
        const a = (
          await computeOuthashFromDirectory(
            create(
              nodes,
              nodes.map((_, i) => i),
            ),
            params,
          )
        ).sigtext.split('\n');
        const b = (
          await computeOuthashFromDirectory(
            create(
              changed,
              nodes.map((_, i) => i),
            ),
            params,
          )
        ).sigtext.split('\n');
        expect(b.length).toBe(a.length);
        const diffs = a.filter((l, i) => l !== b[i]);
        // A file named fixmepath is never listed: then nothing changes.
        expect(diffs.length).toBe(path.basename(victim.path) === 'fixmepath' ? 0 : 1);
      }),
      { numRuns: 25 },
    );
  });
});
