import '../equivalence/analysis.css';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { sigDiffMessages } from '../../../shared/model/sig-diff-text';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { HashText } from '../../components/hash-text';
import { selectActiveWorkspace, useAppStore, useAppStoreApi } from '../../state';
import { packSel, replaceSel, unpackSel } from './links';
import { classifyMiss, diffReasons, MISS_REASON_TEXT, type MissReason } from './miss-reasons';
import { RootCausesPanel } from './root-causes-panel';
import { SigDiffSections } from './sig-diff-sections';
import type { WhyRequest } from './slice';

/** The request a packed `sel` describes, or null. */
export function requestFromSel(sel: string | undefined): WhyRequest | null {
  const v = unpackSel(sel);
  if (v.mode === 'files' && v.a && v.b) return { mode: 'files', a: v.a, b: v.b };
  if (v.mode === 'task' && v.build && v.task)
    return { mode: 'task', build: v.build, task: v.task, ...(v.against ? { against: v.against } : {}) };
  return null;
}

/** The packed `sel` of a request. */
export function selFromRequest(r: WhyRequest): string {
  return r.mode === 'files'
    ? packSel({ mode: 'files', a: r.a, b: r.b })
    : packSel({ mode: 'task', build: r.build, task: r.task, against: r.against });
}

function MissChips({ reasons }: { reasons: MissReason[] }) {
  if (reasons.length === 0) return <span className="muted">no difference in the signatures</span>;
  return (
    <ul className="miss-chips" aria-label="Miss reasons">
      {reasons.map((r) => (
        <li key={r} className={`miss-chip miss-chip--${r}`} title={MISS_REASON_TEXT[r].help}>
          {MISS_REASON_TEXT[r].label}
        </li>
      ))}
    </ul>
  );
}

/** Props of WhyRebuiltView (`#/why-rebuilt?sel=mode%3Dtask%26build%3D…%26task%3D…`). */
export interface WhyRebuiltViewProps {
  sel?: string | undefined;
}

/**
 * Why rebuilt: the bitbake-diffsigs difference of two signatures (two files, or one task against
 * another build or its own previous run) as collapsible categories with word-level highlights,
 * the miss reasons, and every root cause, root first, each with the path that carried it here.
 */
export function WhyRebuiltView({ sel }: WhyRebuiltViewProps) {
  const store = useAppStoreApi();
  const ws = useAppStore(selectActiveWorkspace);
  const { request, result, status, error } = useAppStore(
    useShallow((s) => ({
      request: s.whyRequest,
      result: s.whyResult,
      status: s.whyStatus,
      error: s.whyError,
    })),
  );
  const builds = ws?.builds ?? [];
  const linked = requestFromSel(sel);
  const [mode, setMode] = useState<'task' | 'files'>(linked?.mode ?? 'task');
  const [build, setBuild] = useState(linked?.mode === 'task' ? linked.build : '');
  const [task, setTask] = useState(linked?.mode === 'task' ? linked.task : '');
  const [against, setAgainst] = useState(linked?.mode === 'task' ? (linked.against ?? '') : '');
  const [fileA, setFileA] = useState(linked?.mode === 'files' ? linked.a : '');
  const [fileB, setFileB] = useState(linked?.mode === 'files' ? linked.b : '');
  const [showText, setShowText] = useState(false);
  const buildId = build || builds[0]?.id || '';

  const run = (r: WhyRequest) => {
    replaceSel('why-rebuilt', { sel: selFromRequest(r) });
    void store.getState().runWhy(r);
  };

  // Route → store: a deep link (or a click elsewhere that changed the link) runs its request.
  useEffect(() => {
    const r = requestFromSel(sel);
    if (!r) return;
    if (r.mode === 'task' && !ws) return;
    const cur = store.getState().whyRequest;
    if (cur && selFromRequest(cur) === selFromRequest(r)) return;
    if (r.mode === 'task') {
      setMode('task');
      setBuild(r.build);
      setTask(r.task);
      setAgainst(r.against ?? '');
    } else {
      setMode('files');
      setFileA(r.a);
      setFileB(r.b);
    }
    void store.getState().runWhy(r);
  }, [sel, ws, store]);

  const follow = (t: string) => {
    if (request?.mode === 'task') run({ ...request, task: t });
    else if (buildId) run({ mode: 'task', build: buildId, task: t });
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (mode === 'files') {
      if (fileA.trim() && fileB.trim()) run({ mode: 'files', a: fileA.trim(), b: fileB.trim() });
    } else if (buildId && task.trim()) {
      run({ mode: 'task', build: buildId, task: task.trim(), ...(against ? { against } : {}) });
    }
  };

  const form = (
    <form className="an-toolbar an-toolbar--form" onSubmit={submit} aria-label="What to compare">
      <div role="radiogroup" aria-label="Compare" className="seg">
        <label className={mode === 'task' ? 'is-on' : ''}>
          <input type="radio" name="why-mode" checked={mode === 'task'} onChange={() => setMode('task')} /> A
          task
        </label>
        <label className={mode === 'files' ? 'is-on' : ''}>
          <input type="radio" name="why-mode" checked={mode === 'files'} onChange={() => setMode('files')} />{' '}
          Two sig files
        </label>
      </div>
      {mode === 'task' ? (
        <>
          <label>
            Build{' '}
            <select aria-label="Build of the task" value={buildId} onChange={(e) => setBuild(e.target.value)}>
              {builds.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </select>
          </label>
          <input
            aria-label="Task (recipe:do_task)"
            placeholder="zlib:do_compile  or  mc:mc1:zlib:do_compile"
            value={task}
            onChange={(e) => setTask(e.target.value)}
            className="grow"
          />
          <label>
            against{' '}
            <select aria-label="Compare against" value={against} onChange={(e) => setAgainst(e.target.value)}>
              <option value="">its previous run in this build</option>
              {builds
                .filter((b) => b.id !== buildId)
                .map((b) => (
                  <option key={b.id} value={b.id}>
                    build {b.label}
                  </option>
                ))}
            </select>
          </label>
        </>
      ) : (
        <>
          <input
            aria-label="Old sig file (path)"
            placeholder="old: …/stamps/…/1.3.1.do_compile.sigdata.<hash>"
            value={fileA}
            onChange={(e) => setFileA(e.target.value)}
            className="grow"
          />
          <input
            aria-label="New sig file (path)"
            placeholder="new: sigdata or .siginfo path"
            value={fileB}
            onChange={(e) => setFileB(e.target.value)}
            className="grow"
          />
        </>
      )}
      <button type="submit" className="primary" disabled={status === 'loading'}>
        {status === 'loading' ? 'Comparing…' : 'Compare'}
      </button>
    </form>
  );

  let body: React.ReactNode;
  if (error) {
    body = (
      <ErrorBanner
        error={error}
        onRetry={request ? () => void store.getState().runWhy(request) : undefined}
      />
    );
  } else if (status === 'loading' && !result) {
    body = (
      <div className="an-status" role="status">
        Reading signatures and following changed dependencies…
      </div>
    );
  } else if (!result) {
    body = (
      <EmptyState title="Why was it rebuilt?">
        Name a task (<code>zlib:do_compile</code>) to compare its signature with its previous run or with
        another build, or give two sigdata/siginfo files. Each changed dependency is followed down to the root
        causes. From the Tasks view, a task&apos;s “Why rebuilt” opens here.
      </EmptyState>
    );
  } else if (result.mode === 'files') {
    const r = result.value;
    body = (
      <div className="why-result">
        <header className="why-head">
          <div>
            <div className="sd-label">old</div>
            <code className="path">{r.a.path}</code>
          </div>
          <div>
            <div className="sd-label">new</div>
            <code className="path">{r.b.path}</code>
          </div>
          <div>
            <div className="sd-label">why</div>
            <MissChips reasons={diffReasons(r.diff)} />
          </div>
        </header>
        {r.identical ? (
          <EmptyState title="The two signatures are identical">Same inputs, same hashes.</EmptyState>
        ) : (
          <SigDiffSections diff={r.diff} onTask={buildId ? follow : undefined} />
        )}
        <TextToggle show={showText} onToggle={() => setShowText((v) => !v)} lines={sigDiffMessages(r.diff)} />
      </div>
    );
  } else {
    const x = result.value;
    const cw = x.comparedWith;
    const older = cw?.kind === 'previous-in-build' ? cw.summary : x.current;
    const newer = cw?.kind === 'previous-in-build' ? x.current : cw?.summary;
    body = (
      <div className="why-result">
        <header className="why-head">
          <div>
            <div className="sd-label">task</div>
            <strong>{x.task}</strong>
          </div>
          <div>
            <div className="sd-label">taskhash old → new</div>
            <HashText hash={older?.taskhash} label="old taskhash" /> →{' '}
            <HashText hash={newer?.taskhash} label="new taskhash" />
          </div>
          <div>
            <div className="sd-label">unihash old → new</div>
            <HashText hash={older?.unihash} label="old unihash" /> →{' '}
            <HashText hash={newer?.unihash} label="new unihash" />
          </div>
          <div>
            <div className="sd-label">why</div>
            {cw?.diff ? (
              <MissChips reasons={classifyMiss(cw.diff, result.facts, x.task)} />
            ) : (
              <span className="muted">—</span>
            )}
          </div>
        </header>
        {!cw && (
          <EmptyState title="Nothing to compare with">
            This task has a single signature in this build. Choose another build in “against”, or add a second
            build to the workspace.
          </EmptyState>
        )}
        {cw?.status === 'missing' && (
          <EmptyState title="Not in the other build">
            The other build has no signature for {x.task}.
          </EmptyState>
        )}
        {cw?.status === 'same' && (
          <EmptyState title="Same signature">Both sides have the same taskhash and unihash.</EmptyState>
        )}
        {x.leaks.length > 0 && (
          <div className="an-note" role="note">
            Host-specific values in this signature:{' '}
            {x.leaks.map((l) => (
              <code key={`${l.variable}-${l.match}`} className="chip">
                {l.variable}: {l.kind} {l.match}
              </code>
            ))}
          </div>
        )}
        <div className="why-cols">
          {cw?.diff && cw.status === 'changed' && (
            <div className="why-cols__diff">
              <h3>Signature diff</h3>
              <SigDiffSections diff={cw.diff} onTask={follow} />
              <TextToggle show={showText} onToggle={() => setShowText((v) => !v)} lines={cw.messages ?? []} />
            </div>
          )}
          {cw?.rootCauses && (
            <div className="why-cols__roots">
              <RootCausesPanel report={cw.rootCauses} onTask={follow} />
            </div>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="an-view an-view--scroll" aria-label="Why rebuilt">
      {form}
      <div className="an-body" aria-busy={status === 'loading'}>
        {body}
      </div>
    </div>
  );
}

function TextToggle({ show, onToggle, lines }: { show: boolean; onToggle: () => void; lines: string[] }) {
  return (
    <div className="why-text">
      <button type="button" onClick={onToggle} aria-expanded={show}>
        {show ? 'Hide' : 'Show'} bitbake-diffsigs text
      </button>
      {show && <pre className="why-text__pre">{lines.join('\n')}</pre>}
    </div>
  );
}
