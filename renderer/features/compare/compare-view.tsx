import '../equivalence/analysis.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ComparedTaskInfo, MissKind } from '../../../shared/contract/analysis-schemas';
import { formatTaskId } from '../../../shared/model/task-id';
import type { BuildDiffRow } from '../../../shared/model/tasks';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { SplitPane } from '../../components/split-pane';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { selectActiveWorkspace, selectOpenStatus, useAppStore, useAppStoreApi } from '../../state';
import { count } from '../equivalence/format';
import { AddBuildStatus, AddedBuildNote, BuildSelect, hashColumn } from './compare-parts';
import { NativeOpenButtons } from '../start/native-open-buttons';
import { navigate, packSel, replaceSel, unpackSel, whyTaskLink } from '../why-rebuilt/links';
import { ROOT_KIND_TEXT } from '../why-rebuilt/root-causes-panel';

/** The analysis task id (`zlib:do_compile`, `mc:mc1:zlib:do_compile`) of a build-diff row. */
export function analysisKey(r: Pick<BuildDiffRow, 'mc' | 'pn' | 'task'>): string {
  return formatTaskId(r.mc, r.pn, r.task);
}

const MISS_TEXT: Record<MissKind, string> = {
  variable: 'variable',
  'file-checksum': 'file',
  taint: 'taint',
  'dependency-set': 'dependency set',
  'dependency-only': 'dependency',
  'unihash-only': 'no server mapping',
  'no-sstate-object': 'no sstate object',
  'missing-sigdata': 'signature missing',
  unexplained: 'unexplained',
};

const KIND_TEXT: Record<BuildDiffRow['kind'], string> = {
  taskhash: 'taskhash',
  unihash: 'unihash only',
  'only-a': 'only in A',
  'only-b': 'only in B',
};

interface Row extends BuildDiffRow {
  key: string;
  analysis: ComparedTaskInfo | undefined;
}

/** Props of CompareView (`#/compare?sel=a%3D<build>%26b%3D<build>`). */
export interface CompareViewProps {
  sel?: string | undefined;
}

/**
 * Compare builds: two builds of the workspace side by side — the tasks whose taskhash or unihash
 * differ, grouped by root cause (the cause explaining most tasks first), each task one click from
 * its Why rebuilt story.
 */
export function CompareView({ sel }: CompareViewProps) {
  const store = useAppStoreApi();
  const ws = useAppStore(selectActiveWorkspace);
  const s = useAppStore(
    useShallow((st) => ({
      a: st.cmpA,
      b: st.cmpB,
      rows: st.cmpRows,
      rowsStatus: st.cmpRowsStatus,
      rowsError: st.cmpRowsError,
      causes: st.cmpCauses,
      causesStatus: st.cmpCausesStatus,
      causesError: st.cmpCausesError,
      jobId: st.cmpJobId,
    })),
  );
  const progress = useAppStore((st) => (st.cmpJobId ? (st.jobs[st.cmpJobId]?.progress ?? null) : null));
  // Adding a build is the workspace's open job: one at a time, its progress shown by AddBuildStatus.
  const adding = useAppStore(selectOpenStatus).kind === 'opening';
  const builds = ws?.builds ?? [];
  const linked = unpackSel(sel);
  const [a, setA] = useState(linked.a ?? s.a ?? builds[0]?.id ?? '');
  const [b, setB] = useState(linked.b ?? s.b ?? builds[1]?.id ?? '');
  const [addPath, setAddPath] = useState('');
  // The build added last while this view was on screen (its note says if it loaded empty).
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const [group, setGroup] = useState<string | null>(null);
  const [selIndex, setSelIndex] = useState<number | null>(null);

  // Defaults follow the builds as they arrive; a build added while on screen becomes B.
  const knownBuilds = useRef<ReadonlySet<string> | null>(null);
  useEffect(() => {
    const known = knownBuilds.current;
    knownBuilds.current = new Set(builds.map((x) => x.id));
    const fresh = known?.size ? builds.filter((x) => !known.has(x.id)) : [];
    const newest = fresh.at(-1);
    if (!a && builds[0]) setA(builds[0].id);
    if (newest) setJustAdded(newest.id);
    if (newest && newest.id !== (a || builds[0]?.id)) setB(newest.id);
    else if ((!b || b === a) && builds[1]) setB(builds.find((x) => x.id !== (a || builds[0]?.id))?.id ?? '');
  }, [builds, a, b]);

  useEffect(() => {
    const l = unpackSel(sel);
    if (!ws || !l.a || !l.b) return;
    const st = store.getState();
    if (st.cmpA === l.a && st.cmpB === l.b && st.cmpRowsStatus !== 'idle') return;
    setA(l.a);
    setB(l.b);
    void st.compareBuilds(l.a, l.b);
  }, [sel, ws, store]);

  const run = () => {
    if (!a || !b || a === b) return;
    replaceSel('compare', { sel: packSel({ a, b }) });
    setGroup(null);
    setSelIndex(null);
    void store.getState().compareBuilds(a, b);
  };

  const byKey = useMemo(() => new Map((s.causes?.changed ?? []).map((c) => [c.task, c])), [s.causes]);
  const groupTasks = useMemo(() => {
    if (!group || !s.causes) return null;
    return new Set(s.causes.causes.find((c) => c.root.task === group)?.affected ?? []);
  }, [group, s.causes]);
  const rows: Row[] = useMemo(
    () =>
      (s.rows?.rows ?? [])
        .map((r) => ({ ...r, key: analysisKey(r), analysis: byKey.get(analysisKey(r)) }))
        .filter((r) => !groupTasks || groupTasks.has(r.key)),
    [s.rows, byKey, groupTasks],
  );
  const getRow = useCallback((i: number) => rows[i], [rows]);
  const label = (id: string | null) => builds.find((x) => x.id === id)?.label ?? id ?? '?';

  const columns: Column<Row>[] = [
    { id: 'task', header: 'Task', width: 'minmax(9rem, 1.3fr)', render: (r) => r.key },
    {
      id: 'kind',
      header: 'Differs in',
      width: '6.8rem',
      render: (r) => <span className={`chip diff-${r.kind}`}>{KIND_TEXT[r.kind]}</span>,
    },
    {
      id: 'why',
      header: 'Why',
      width: 'minmax(6rem, 1fr)',
      render: (r) =>
        r.analysis ? (
          r.analysis.miss.map((m) => (
            <span key={m} className={`miss-chip miss-chip--${m}`}>
              {MISS_TEXT[m]}
            </span>
          ))
        ) : (
          <span className="muted">{s.causesStatus === 'loading' ? '…' : '—'}</span>
        ),
    },
    hashColumn<Row>('taskhash', 'a'),
    hashColumn<Row>('taskhash', 'b'),
    hashColumn<Row>('unihash', 'a'),
    hashColumn<Row>('unihash', 'b'),
  ];

  if (!ws) {
    return (
      <EmptyState title="No build open">
        Open two build directories (or one, then add a second here) to compare them.
      </EmptyState>
    );
  }

  const added = builds.find((x) => x.id === justAdded);
  const addFeedback = (
    <>
      {/* Progress and errors of the add show here, not only on the Start view this one hides. */}
      <AddBuildStatus />
      {added && <AddedBuildNote build={added} />}
    </>
  );
  const addForm = (
    <>
      <form
        className="oh-form__row"
        aria-label="Add a build to compare"
        onSubmit={(e) => {
          e.preventDefault();
          if (addPath.trim() && !adding) void store.getState().addBuild([addPath.trim()]);
        }}
      >
        <input
          aria-label="Build directory to add"
          placeholder="/path/to/other/build (TOPDIR)"
          value={addPath}
          onChange={(e) => setAddPath(e.target.value)}
          className="grow"
        />
        <button type="submit" disabled={!addPath.trim() || adding}>
          Add build
        </button>
        <NativeOpenButtons purpose="add" disabled={adding} />
      </form>
      {addFeedback}
    </>
  );

  const picker = (
    <div className="an-toolbar">
      <BuildSelect side="A" builds={builds} value={a} onChange={setA} />
      <BuildSelect side="B" builds={builds} value={b} onChange={setB} />
      <button type="button" className="primary" onClick={run} disabled={!a || !b || a === b}>
        Compare
      </button>
      {s.causesStatus === 'loading' && (
        <span role="status" className="muted">
          Root causes:{' '}
          {progress
            ? `${progress.phase} ${progress.done}${progress.total ? `/${progress.total}` : ''}`
            : 'reading signatures…'}
          {s.jobId && (
            <button
              type="button"
              aria-label="Cancel the root-cause analysis"
              onClick={() => void store.getState().cancelCompare()}
            >
              Cancel
            </button>
          )}
        </span>
      )}
    </div>
  );

  if (builds.length < 2) {
    return (
      <div className="an-view an-view--scroll" aria-label="Compare builds">
        <EmptyState title="Only one build in this workspace" action={addForm}>
          Comparing needs two builds: add another build directory of the same project (a colleague&apos;s,
          CI&apos;s, or yesterday&apos;s copy) and see which tasks differ and why.
        </EmptyState>
      </div>
    );
  }

  const rc = s.rows;
  const groups = s.causes?.causes ?? [];
  const causesPane = (
    <div className="an-pane">
      <h3 className="an-pane__title">
        Root causes{' '}
        <span className="sd-count" data-testid="cmp-cause-count">
          {s.causes ? groups.length : '…'}
        </span>
      </h3>
      {s.causesError && <ErrorBanner error={s.causesError} onRetry={run} />}
      {s.causes && groups.length === 0 && (
        <p className="muted">No changed task could be traced to a root cause.</p>
      )}
      <ul className="cause-list" aria-label="Root causes">
        {groups.map((g) => (
          <li
            key={`${g.root.task}-${g.root.hashB}`}
            className={group === g.root.task ? 'is-selected' : undefined}
          >
            <button
              type="button"
              className="cause"
              aria-pressed={group === g.root.task}
              onClick={() => setGroup(group === g.root.task ? null : g.root.task)}
            >
              <span className="cause__task">{g.root.task}</span>
              <span className="cause__n">{g.affected.length} tasks</span>
              <span className="cause__kinds">
                {g.root.kinds.map((k) => (
                  <span key={k} className={`miss-chip miss-chip--${k}`}>
                    {ROOT_KIND_TEXT[k] ?? k}
                  </span>
                ))}
              </span>
              {g.root.diff && g.root.diff.variables.length > 0 && (
                <span className="cause__vars">{g.root.diff.variables.map((v) => v.variable).join(', ')}</span>
              )}
              {g.leaks.length > 0 && (
                <span className="cause__leak">
                  host-specific: {g.leaks.map((l) => `${l.variable} (${l.kind})`).join(', ')}
                </span>
              )}
            </button>
            <a
              href={whyTaskLink(s.a ?? a, g.root.task, s.b ?? b)}
              className="cause__why"
              aria-label={`Why ${g.root.task} changed`}
            >
              Why →
            </a>
          </li>
        ))}
      </ul>
      {s.causes && s.causes.missing.length > 0 && (
        <p className="an-note">
          {s.causes.missing.length} signatures were not found; those branches stop early.
        </p>
      )}
    </div>
  );

  const tablePane = (
    <div className="an-pane">
      <h3 className="an-pane__title">
        {group ? `Tasks changed by ${group}` : 'Tasks that differ'}{' '}
        <span className="sd-count">{count(rows.length)}</span>
        {group && (
          <button type="button" className="linkish an-pane__title-action" onClick={() => setGroup(null)}>
            show all differing tasks
          </button>
        )}
      </h3>
      {s.rowsError && <ErrorBanner error={s.rowsError} onRetry={run} />}
      {rc && rows.length === 0 ? (
        <EmptyState title="The builds agree">
          Every task has the same taskhash and unihash in both builds.
        </EmptyState>
      ) : (
        <VirtualTable
          label="Differing tasks"
          columns={columns}
          rowCount={rc ? rows.length : s.rowsStatus === 'loading' ? 12 : 0}
          getRow={getRow}
          selectedIndex={selIndex}
          onSelect={setSelIndex}
          onOpen={(i) => {
            const r = rows[i];
            if (r && s.a && s.b) navigate(whyTaskLink(s.a, r.key, s.b));
          }}
        />
      )}
      <p className="muted an-hint">Enter or double-click a task: why it differs, root cause first.</p>
    </div>
  );

  return (
    <div className="an-view" aria-label="Compare builds">
      {picker}
      {s.rowsStatus !== 'idle' && addFeedback}
      {s.rowsStatus === 'idle' ? (
        <EmptyState title="Choose two builds">
          Pick the older build as A and the newer as B, then Compare.{' '}
          {builds.length > 2 ? '' : 'Add more builds below.'}
          {addForm}
        </EmptyState>
      ) : (
        <>
          <section className="an-cards" aria-label="Comparison summary">
            {[
              {
                k: 'taskhash',
                l: 'Taskhash differs',
                n: rc?.rows.filter((r) => r.kind === 'taskhash').length,
              },
              { k: 'unihash', l: 'Unihash only', n: rc?.rows.filter((r) => r.kind === 'unihash').length },
              {
                k: 'only-a',
                l: `Only in ${label(s.a)}`,
                n: rc?.rows.filter((r) => r.kind === 'only-a').length,
              },
              {
                k: 'only-b',
                l: `Only in ${label(s.b)}`,
                n: rc?.rows.filter((r) => r.kind === 'only-b').length,
              },
              { k: 'same', l: 'Same', n: rc?.same },
            ].map((c) => (
              <div key={c.k} className="an-card">
                <div className="an-card__label">{c.l}</div>
                <div className="an-card__value" data-testid={`cmp-${c.k}`}>
                  {c.n === undefined ? '…' : count(c.n)}
                </div>
              </div>
            ))}
          </section>
          <div className="an-main">
            <SplitPane label="Resize root causes" initial={36} first={causesPane} second={tablePane} />
          </div>
        </>
      )}
    </div>
  );
}
