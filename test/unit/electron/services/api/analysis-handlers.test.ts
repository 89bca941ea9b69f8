import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, createDefaultEngine, type ApiHost } from '../../../../../electron/services/api';
import { appInfo } from '../../../../../electron/services/api/app-info';
import type {
  RootCauseComparison,
  TaskExplanationInfo,
} from '../../../../../shared/contract/analysis-schemas';
import type { WorkspaceSummary } from '../../../../../shared/contract';
import { FIXTURE_BUILDDIR } from '../../../../helpers/paths';

let api: ApiHost;
let ws: WorkspaceSummary;

/** A writable copy (times kept) of the fixture build. */
function copyBuild(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'hashequiv-analysis-api-')), name);
  execFileSync('cp', ['-a', FIXTURE_BUILDDIR, dir]);
  execFileSync('chmod', ['-R', 'u+w', dir]);
  return dir;
}

/** Rolls the copy back to the fixture's first run: stamps renamed to the older sigdata, newer removed. */
function rewind(dir: string): void {
  for (const tmp of ['tmp', 'tmp-mc1']) {
    for (const e of readdirSync(path.join(dir, tmp, 'stamps'), { recursive: true, withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const d = path.join(e.parentPath, e.name);
      const files = readdirSync(d);
      const sigs = new Map<string, string[]>();
      for (const f of files) {
        const m = /^(.*)\.sigdata\.([0-9a-f]{64})$/.exec(f);
        if (m) sigs.set(m[1]!, [...(sigs.get(m[1]!) ?? []), m[2]!]);
      }
      for (const [prefix, [x, y]] of sigs) {
        if (!x || !y) continue;
        const cur = files.includes(`${prefix}.${x}`) ? x : y;
        const old = cur === x ? y : x;
        renameSync(path.join(d, `${prefix}.${cur}`), path.join(d, `${prefix}.${old}`));
        if (files.includes(`${prefix}_setscene.${cur}`))
          renameSync(path.join(d, `${prefix}_setscene.${cur}`), path.join(d, `${prefix}_setscene.${old}`));
        rmSync(path.join(d, `${prefix}.sigdata.${cur}`));
      }
    }
  }
}

beforeAll(async () => {
  const run2 = copyBuild('run2');
  const run1 = copyBuild('run1');
  rewind(run1);
  api = createApi({
    engine: createDefaultEngine(),
    app: appInfo('web', '0.1.0'),
    validateOutput: true,
    log: () => {},
  });
  const r = await api.dispatch('workspace.open', { paths: [run2] }, {});
  if (!r.ok) throw new Error(r.error.message);
  const added = await api.dispatch(
    'workspace.addBuild',
    { workspaceId: (r.value as WorkspaceSummary).id, paths: [run1] },
    {},
  );
  if (!added.ok) throw new Error(added.error.message);
  ws = added.value as WorkspaceSummary;
}, 60_000);

afterAll(() => api?.close());

describe('analysis handlers over the real engine', () => {
  it('explainTask: initscripts:do_install changed through busybox:do_install (BUSYBOX_APPLETS)', async () => {
    const [b1] = ws.builds;
    const r = await api.dispatch(
      'analysis.explainTask',
      { workspaceId: ws.id, build: b1!.id, task: 'initscripts:do_install' },
      {},
    );
    if (!r.ok) throw new Error(r.error.message);
    const x = r.value as TaskExplanationInfo;
    expect(x.current.taskhash).toBe('86402f2e346210b05303c7920303a6e6c5f94cbff7202f5fcb93564fc0c05333');
    expect(x.comparedWith?.kind).toBe('previous-in-build');
    expect(x.comparedWith?.summary?.taskhash).toBe(
      '8cefbe8e3137c020c0f31cbec60cb35b70d877ebde7ef8a39063b997e56a74bc',
    );
    const roots = x.comparedWith?.rootCauses;
    expect(roots?.roots.map((rc) => [rc.task, rc.kinds])).toEqual([['busybox:do_install', ['variable']]]);
    expect(roots?.roots[0]?.diff?.variables.map((v) => v.variable)).toEqual(['BUSYBOX_APPLETS']);
    expect(roots?.paths[0]?.path[0]).toBe('initscripts:do_install');
    expect(roots?.paths[0]?.path.at(-1)).toBe('busybox:do_install');
  });

  it('explainTask against the other build; unknown build and task are NOT_FOUND', async () => {
    const [b1, b2] = ws.builds;
    const r = await api.dispatch(
      'analysis.explainTask',
      { workspaceId: ws.id, build: b2!.id, task: 'zlib:do_compile', against: b1!.id },
      {},
    );
    if (!r.ok) throw new Error(r.error.message);
    const x = r.value as TaskExplanationInfo;
    expect(x.comparedWith?.kind).toBe('other-build');
    expect(x.comparedWith?.diff?.variables.map((v) => v.variable)).toEqual(['ZLIB_CFLAGS']);
    const bad = await api.dispatch(
      'analysis.explainTask',
      { workspaceId: ws.id, build: 'nope', task: 'zlib:do_compile' },
      {},
    );
    expect(!bad.ok && bad.error.code).toBe('NOT_FOUND');
    const none = await api.dispatch(
      'analysis.explainTask',
      { workspaceId: ws.id, build: b1!.id, task: 'zlib:do_nothing' },
      {},
    );
    expect(!none.ok && none.error.code).toBe('NOT_FOUND');
  });

  it('compareBuilds: run 1 against run 2, grouped by the planted root causes', async () => {
    const [b1, b2] = ws.builds;
    const r = await api.dispatch(
      'analysis.compareBuilds',
      { workspaceId: ws.id, a: b2!.id, b: b1!.id, jobId: 'cmp-1' },
      {},
    );
    if (!r.ok) throw new Error(r.error.message);
    const c = r.value as RootCauseComparison;
    expect(c.counts).toMatchObject({ changed: 14, unchanged: 85, onlyA: 0, onlyB: 0, bothChanged: 14 });
    expect(c.changed.filter((t) => t.miss.includes('variable')).map((t) => t.task)).toEqual([
      'busybox:do_install',
      'mc:mc1:zlib:do_compile',
      'zlib-native:do_compile',
      'zlib:do_compile',
    ]);
    expect(c.causes.map((g) => [g.root.task, g.affected.length])).toEqual([
      ['busybox:do_install', 8],
      ['mc:mc1:zlib:do_compile', 2],
      ['zlib-native:do_compile', 2],
      ['zlib:do_compile', 2],
    ]);
    expect(c.changed.find((t) => t.task === 'zlib:do_compile')?.miss).toEqual(['variable']);
    expect('unchanged' in c).toBe(false);
  });
});
