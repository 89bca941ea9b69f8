import { useState } from 'react';
import type { RootCauseReportInfo } from '../../../shared/contract/analysis-schemas';
import { HashText } from '../../components/hash-text';
import { SigDiffSections } from './sig-diff-sections';

/** Words for a root cause's kind (`taskdeps` reads "variable set"), shared with Compare builds. */
export const ROOT_KIND_TEXT: Record<string, string> = {
  'ignore-list': 'ignore list',
  taskdeps: 'variable set',
  variable: 'variable',
  file: 'file',
  'dependency-set': 'dependency set',
  taint: 'taint',
  'unihash-only': 'unihash only',
  'missing-sigdata': 'signature missing',
  unexplained: 'unexplained',
};

/** Props of RootCausesPanel. */
export interface RootCausesPanelProps {
  report: RootCauseReportInfo;
  /** Follow a task of a path (explain it). */
  onTask: (task: string) => void;
}

/**
 * Every root cause of a change, root first, each with the dependency path that carried it to
 * the task asked about (`busybox:do_install → busybox:do_populate_sysroot → initscripts:do_install`).
 * Each task of a path is a button; each root's own diff unfolds below it.
 */
export function RootCausesPanel({ report, onTask }: RootCausesPanelProps) {
  const [open, setOpen] = useState<string | null>(
    report.roots.length === 1 ? (report.roots[0]?.task ?? null) : null,
  );
  const pathOf = (root: string) => report.paths.find((p) => p.root === root)?.path ?? [report.task, root];
  return (
    <section className="rc" aria-label="Root causes">
      <h3>
        Root causes <span className="sd-count">{report.roots.length}</span>
      </h3>
      {report.roots.length === 0 && (
        <p className="muted">
          No root cause found: the change is in this task itself, or the signatures it depends on are missing.
        </p>
      )}
      <ol className="rc__list">
        {report.roots.map((r) => {
          const path = [...pathOf(r.task)].reverse();
          const isOpen = open === r.task;
          return (
            <li key={`${r.task}-${r.hashB}`} className="rc__item">
              <div className="rc__head">
                <button
                  type="button"
                  className="rc__toggle"
                  aria-expanded={isOpen}
                  aria-label={`${isOpen ? 'Hide' : 'Show'} the signature diff of ${r.task}`}
                  onClick={() => setOpen(isOpen ? null : r.task)}
                >
                  {isOpen ? '▾' : '▸'}
                </button>
                <strong className="rc__task">{r.task}</strong>
                {r.kinds.map((k) => (
                  <span key={k} className={`miss-chip miss-chip--${k}`}>
                    {ROOT_KIND_TEXT[k] ?? k}
                  </span>
                ))}
                {/* Each side copies on its own: one goes to bitbake-dumpsig, the other to a grep. */}
                <span className="rc__hash">
                  <HashText hash={r.hashA} chars={10} label={`old hash of ${r.task}`} /> →{' '}
                  <HashText hash={r.hashB} chars={10} label={`new hash of ${r.task}`} />
                </span>
              </div>
              <nav className="rc__path" aria-label={`Path from ${r.task} to ${report.task}`}>
                {path.map((t, i) => (
                  <span key={`${t}-${i}`}>
                    {i > 0 && (
                      <span className="rc__arrow" aria-hidden="true">
                        →
                      </span>
                    )}
                    <button
                      type="button"
                      className="linkish"
                      onClick={() => onTask(t)}
                      aria-label={`Explain ${t}`}
                    >
                      {t}
                    </button>
                  </span>
                ))}
              </nav>
              {isOpen &&
                (r.diff ? (
                  <div className="rc__diff">
                    <SigDiffSections diff={r.diff} onTask={onTask} />
                  </div>
                ) : (
                  <p className="muted">
                    No signature diff: {r.fileA ? 'the newer' : 'the older'} signature was not found.
                  </p>
                ))}
            </li>
          );
        })}
      </ol>
      {report.missing.length > 0 && (
        <details className="rc__missing">
          <summary>{report.missing.length} signatures not found (the walk went on without them)</summary>
          <ul>
            {report.missing.map((m) => (
              <li key={`${m.task}-${m.hash}-${m.side}`}>
                <code>{m.task}</code> hash{' '}
                <HashText
                  hash={m.hash}
                  chars={12}
                  label={`${m.side === 'a' ? 'old' : 'new'} hash of ${m.task}`}
                />{' '}
                (side {m.side}, needed by {m.neededBy}){m.error ? ` — ${m.error.message}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.cycles.length > 0 && (
        <p className="an-note">
          Dependency cycles cut (malformed input): {report.cycles.map((c) => c.join(' → ')).join('; ')}
        </p>
      )}
    </section>
  );
}
