import '../equivalence/analysis.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { OuthashParams } from '../../../shared/contract/api-schemas';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { HashText } from '../../components/hash-text';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { useAppStore, useAppStoreApi } from '../../state';
import { replaceSel } from '../why-rebuilt/links';
import { changedFieldNames, fieldParts } from './field-diff';
import { type OuthashRequest } from './slice';
import { diffVerdict, sideLabel, sideName, sideNames, verifyVerdict, type Verdict } from './verdicts';

interface DiffLine {
  path: string;
  a: string | null;
  b: string | null;
  header: boolean;
}

function Fields({ line, other, cls }: { line: string | null; other: string | null; cls: string }) {
  if (line === null) return <span className="muted">(absent)</span>;
  // Sigtext pads its columns with long runs of spaces; one space keeps the fields readable here
  // (the full line is in the tooltip and in the Signature text tab).
  return (
    <code className="oh-line" title={line}>
      {fieldParts(line, other).map((p, i) => (
        <span key={i} className={p.changed ? cls : undefined}>
          {p.text.replace(/\s+/g, ' ')}
        </span>
      ))}
    </code>
  );
}

/** Diff columns whose headers name the two files compared (the target first, as the engine diffs). */
function diffColumns(target: string, computed: string): Column<DiffLine>[] {
  return [
    {
      id: 'what',
      header: 'Changed',
      width: '7rem',
      render: (d) => (
        <span className="chip">{d.header ? 'header' : changedFieldNames(d.a, d.b).join(', ')}</span>
      ),
    },
    {
      id: 'a',
      header: target,
      width: 'minmax(0, 1fr)',
      render: (d) => <Fields line={d.a} other={d.b} cls="wd-del" />,
    },
    {
      id: 'b',
      header: `Computed: ${computed}`,
      width: 'minmax(0, 1fr)',
      render: (d) => <Fields line={d.b} other={d.a} cls="wd-add" />,
    },
  ];
}

/** One verdict: its headline (the test id's text) and, below, what it means. */
function VerdictLine({ verdict, testId }: { verdict: Verdict; testId: string }) {
  return (
    <div className={`verdict ${verdict.ok ? 'verdict--ok' : 'verdict--bad'}`} role="status">
      <div data-testid={testId}>{verdict.headline}</div>
      <div className="verdict__detail" data-testid={`${testId}-detail`}>
        {verdict.detail}
      </div>
    </div>
  );
}

const lineColumns: Column<{ n: number; text: string }>[] = [
  { id: 'n', header: '#', width: '4rem', render: (l) => <span className="num muted">{l.n}</span> },
  {
    id: 'text',
    header: 'Signature text (sigtext)',
    width: 'minmax(0, 1fr)',
    render: (l) => <code className="oh-line">{l.text}</code>,
  },
];

/** Props of OuthashView (`#/outhash?sel=<task row key>` prefills from a workspace task). */
export interface OuthashViewProps {
  sel?: string | undefined;
}

/**
 * Outhash: compute OEOuthashBasic for a directory or sstate archive (or a workspace task's),
 * show the signature text, diff it against the task's depsig file or another archive with the
 * changed fields highlighted, and verify against the recorded outhash.
 */
export function OuthashView({ sel }: OuthashViewProps) {
  const store = useAppStoreApi();
  const { request, result, diff, status, error, errorStep, jobId, prefill, prefillError } = useAppStore(
    useShallow((s) => ({
      request: s.ohRequest,
      result: s.ohResult,
      diff: s.ohDiff,
      status: s.ohStatus,
      error: s.ohError,
      errorStep: s.ohErrorStep,
      jobId: s.ohJobId,
      prefill: s.ohPrefill,
      prefillError: s.ohPrefillError,
    })),
  );
  const progress = useAppStore((s) => (s.ohJobId ? (s.jobs[s.ohJobId]?.progress ?? null) : null));
  const workspaceId = useAppStore((s) => s.activeWorkspaceId);
  const [path, setPath] = useState(request?.path ?? '');
  const [task, setTask] = useState(request?.params.task ?? '');
  const [compareWith, setCompareWith] = useState(request?.compareWith ?? '');
  const [expected, setExpected] = useState(request?.expected ?? '');
  const [pkgspec, setPkgspec] = useState(request?.params.pkgspec ?? '');
  const [sde, setSde] = useState(request?.params.sourceDateEpoch ?? '');
  const [format, setFormat] = useState(request?.params.format ?? '');
  const [pseudo, setPseudo] = useState(request?.params.pseudoDisabled ?? '');
  const [hashVersion, setHashVersion] = useState(request?.params.hashVersion ?? '');
  const [extra, setExtra] = useState(request?.params.extraSigdata ?? '');
  const [taskSearch, setTaskSearch] = useState('');
  const [tab, setTab] = useState<'diff' | 'lines'>('diff');

  useEffect(() => {
    if (sel && workspaceId) void store.getState().prefillOuthashFromTask(sel);
  }, [sel, workspaceId, store]);

  // A prefill (from a link or the task search) fills the form once.
  useEffect(() => {
    if (!prefill) return;
    setPath(prefill.path);
    setCompareWith(prefill.compareWith);
    setExpected(prefill.expected);
    setTask(prefill.task);
    setPkgspec(prefill.pkgspec);
    setHashVersion(prefill.hashVersion);
    setExtra(prefill.extraSigdata);
    replaceSel('outhash', { sel: prefill.key });
  }, [prefill]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!path.trim()) return;
    // No task: the engine reads it from an sstate archive's name (a directory needs one; it says so).
    const params: OuthashParams = task.trim() ? { task: task.trim().replace(/^do_/, '') } : {};
    if (pkgspec.trim()) params.pkgspec = pkgspec.trim();
    if (sde.trim()) params.sourceDateEpoch = sde.trim();
    if (format.trim()) params.format = format.trim();
    if (pseudo) params.pseudoDisabled = pseudo;
    if (hashVersion.trim()) params.hashVersion = hashVersion.trim();
    if (extra) params.extraSigdata = extra;
    const req: OuthashRequest = { path: path.trim(), params };
    if (compareWith.trim()) req.compareWith = compareWith.trim();
    if (expected.trim()) req.expected = expected.trim();
    // A value still as the task filled it is named after that task in the verdicts.
    if (prefill?.compareFrom && req.compareWith === prefill.compareWith)
      req.compareFrom = prefill.compareFrom;
    if (prefill?.expectedFrom && req.expected === prefill.expected) req.expectedFrom = prefill.expectedFrom;
    void store.getState().runOuthash(req);
  };

  const lines = result?.lines ?? [];
  const getLine = useCallback(
    (i: number) => (lines[i] === undefined ? undefined : { n: i + 1, text: lines[i]! }),
    [lines],
  );
  const diffRows: DiffLine[] = diff
    ? [
        ...diff.header.map((d) => ({ ...d, header: true })),
        ...diff.entries.map((d) => ({ ...d, header: false })),
      ]
    : [];
  const getDiff = useCallback((i: number) => diffRows[i], [diffRows]);
  const verified =
    request?.expected && result
      ? verifyVerdict({
          computed: result.outhash,
          computedFrom: result.path,
          expected: request.expected,
          expectedFrom: request.expectedFrom,
        })
      : null;
  const diffed = diff
    ? diffVerdict({
        a: diff.a,
        b: diff.b,
        same: diff.same,
        lines: diff.header.length + diff.entries.length,
        aFrom: request?.compareFrom,
      })
    : null;
  const columns = useMemo(() => {
    const [a, b] = diff ? sideNames(diff.a.path, diff.b.path) : [null, null];
    return diffColumns(a ? sideLabel(a) : 'Diff target', b ? sideLabel(b) : 'computed');
  }, [diff]);
  // While streaming: which file is being read, so a long archive is not a mystery.
  const busyWith = request
    ? result && request.compareWith
      ? `Diffing against ${sideLabel(sideName(request.compareWith))}`
      : `Computing the outhash of ${sideLabel(sideName(request.path))}`
    : 'Computing';
  // Nothing differs: the sigtext itself is what is worth reading.
  const showDiff = tab === 'diff' && diff !== null && !diff.same;

  return (
    <div className="an-view" aria-label="Outhash">
      <form className="oh-form" onSubmit={submit} aria-label="Outhash input">
        <div className="oh-form__row">
          <input
            aria-label="Find a workspace task (recipe, task or hash)"
            placeholder="From a task: zlib:do_populate_sysroot"
            value={taskSearch}
            onChange={(e) => setTaskSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void store.getState().findOuthashTask(taskSearch);
              }
            }}
            disabled={!workspaceId}
          />
          <button
            type="button"
            onClick={() => void store.getState().findOuthashTask(taskSearch)}
            disabled={!workspaceId || !taskSearch.trim()}
          >
            Use task
          </button>
          {prefill && (
            <span className="muted" data-testid="oh-prefill">
              from {prefill.label}
            </span>
          )}
        </div>
        {prefill && !prefill.compareWith && (
          <p className="oh-note" role="note" data-testid="oh-no-depsig">
            No depsig file for {prefill.label}: nothing to diff against. The build writes
            temp/depsig.do_&lt;task&gt;.&lt;pid&gt; when the task runs; add that build’s directory to the
            workspace, or give another archive under “Diff against”.
          </p>
        )}
        {prefill && !prefill.expected && (
          <p className="oh-note" role="note" data-testid="oh-no-recorded">
            No recorded outhash for {prefill.label}: nothing to verify against. Add the build’s
            cache/hashserv.db to the workspace, or paste an outhash under “Expected outhash”.
          </p>
        )}
        <div className="oh-form__grid">
          <label>
            Directory or sstate archive
            <input
              value={path}
              title={path || undefined}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/path/to/sstate:…tar.zst or image dir"
            />
          </label>
          <label>
            Task
            <input
              value={task}
              onChange={(e) => setTask(e.target.value)}
              placeholder="from the archive name"
            />
          </label>
          <label>
            Diff against (depsig or archive)
            <input
              value={compareWith}
              title={compareWith || undefined}
              onChange={(e) => setCompareWith(e.target.value)}
              placeholder="…/temp/depsig.do_populate_sysroot"
            />
          </label>
          <label>
            Expected outhash
            <input
              value={expected}
              onChange={(e) => setExpected(e.target.value)}
              placeholder="recorded outhash (64 hex)"
            />
          </label>
        </div>
        <details className="oh-form__more">
          <summary>Parameters (SSTATE_PKGSPEC, SOURCE_DATE_EPOCH, hash version, format, pseudo)</summary>
          <div className="oh-form__grid">
            <label>
              SSTATE_PKGSPEC
              <input
                value={pkgspec}
                onChange={(e) => setPkgspec(e.target.value)}
                placeholder="derived from the archive name"
              />
            </label>
            <label>
              SOURCE_DATE_EPOCH
              <input
                value={sde}
                onChange={(e) => setSde(e.target.value)}
                placeholder="needed by do_package"
              />
            </label>
            <label>
              HASHEQUIV_HASH_VERSION
              <input
                value={hashVersion}
                onChange={(e) => setHashVersion(e.target.value)}
                placeholder="e.g. 18 (from the depsig)"
              />
            </label>
            <label>
              HASHEQUIV_EXTRA_SIGDATA
              <input value={extra} onChange={(e) => setExtra(e.target.value)} placeholder="usually empty" />
            </label>
            <label>
              Format
              <input
                value={format}
                onChange={(e) => setFormat(e.target.value)}
                placeholder="current, F0…F11 or a release"
              />
            </label>
            <label>
              PSEUDO_DISABLED
              <select value={pseudo} onChange={(e) => setPseudo(e.target.value)}>
                <option value="">unset</option>
                <option value="0">0 (owners included)</option>
                <option value="1">1</option>
              </select>
            </label>
          </div>
        </details>
        <div className="oh-form__row">
          <button type="submit" className="primary" disabled={status === 'loading' || !path.trim()}>
            {status === 'loading' ? 'Computing…' : 'Compute outhash'}
          </button>
          {status === 'loading' && (
            <>
              <span role="status" className="muted" data-testid="oh-progress">
                {busyWith}:{' '}
                {progress
                  ? `${progress.phase} ${progress.done}${progress.total ? `/${progress.total}` : ''}`
                  : 'starting…'}
              </span>
              {jobId && (
                <button
                  type="button"
                  aria-label="Cancel the outhash computation"
                  onClick={() => void store.getState().cancelOuthash()}
                >
                  Cancel
                </button>
              )}
            </>
          )}
        </div>
      </form>
      {prefillError && <ErrorBanner error={prefillError} />}
      {error && (
        <>
          <ErrorBanner error={error} />
          <p className="oh-note" data-testid="oh-error-hint">
            {errorStep === 'diff' && request?.compareWith
              ? `The outhash of ${sideLabel(sideName(request.path))} was computed, but the diff target ${request.compareWith} could not be read. Check that it is a depsig file, a directory or an sstate archive, or clear “Diff against” to skip the diff.`
              : `Could not compute the outhash of ${request?.path ?? 'the input'}. Check that it is a directory, an sstate archive (.tar.zst, .tgz) or a depsig file, and that Task is its sstate task (populate_sysroot, package, …).`}
          </p>
        </>
      )}
      {result ? (
        <section className="oh-result" aria-label="Outhash result">
          <div className="oh-summary">
            <div>
              <div className="sd-label">computed outhash ({result.input})</div>
              <div className="oh-of" title={result.path} data-testid="oh-computed-from">
                {sideLabel(sideName(result.path))}
              </div>
              <HashText hash={result.outhash} chars={64} label="outhash" />
            </div>
            <div>
              <div className="sd-label">entries</div>
              <span className="num">{result.entries}</span>
            </div>
          </div>
          <div className="oh-verdicts">
            {verified ? (
              <VerdictLine verdict={verified} testId="oh-verdict" />
            ) : (
              <div className="muted" data-testid="oh-verdict-none">
                Not verified: no expected outhash given (fill “Expected outhash” with the recorded one).
              </div>
            )}
            {diffed ? (
              <VerdictLine verdict={diffed} testId="oh-diff-verdict" />
            ) : (
              status === 'ready' && (
                <div className="muted" data-testid="oh-diff-none">
                  Not diffed: no depsig file or archive given under “Diff against”.
                </div>
              )
            )}
          </div>
          <div className="seg" role="tablist" aria-label="Show">
            <button
              type="button"
              role="tab"
              aria-selected={showDiff}
              disabled={!diff || diff.same}
              onClick={() => setTab('diff')}
            >
              Diff
            </button>
            <button type="button" role="tab" aria-selected={!showDiff} onClick={() => setTab('lines')}>
              Signature text ({lines.length} lines)
            </button>
          </div>
          <div className="oh-table">
            {showDiff ? (
              diffRows.length === 0 ? (
                <EmptyState title="No difference">Every line of the sigtext matches.</EmptyState>
              ) : (
                <VirtualTable
                  label="Sigtext differences"
                  columns={columns}
                  rowCount={diffRows.length}
                  getRow={getDiff}
                />
              )
            ) : (
              <VirtualTable
                label="Signature text"
                columns={lineColumns}
                rowCount={lines.length}
                getRow={getLine}
                rowHeight={22}
              />
            )}
          </div>
        </section>
      ) : (
        status !== 'loading' &&
        !error && (
          <EmptyState title="Compute an outhash">
            Give a directory or an sstate archive (streamed, never extracted) and the sstate task name, or
            pick a workspace task to fill everything from its files. Add its depsig file to see which lines
            and fields differ, and the recorded outhash to verify it.
          </EmptyState>
        )
      )}
    </div>
  );
}
