import type { ReactNode } from 'react';
import type { SetChange, SigDiff, VariableChange } from '../../../shared/model/sig-diff';
import { blockDiff } from '../../../shared/model/word-diff';
import { HashText } from '../../components/hash-text';

/** Old/new values in word runs: removed words on the old side, added words on the new side. */
function WordRuns({ v }: { v: Extract<VariableChange, { kind: 'words' }> }) {
  const side = (keep: '-' | '+') =>
    v.words.runs
      .filter((r) => r.op === '=' || r.op === keep)
      .map((r, i) => (
        <span key={i} className={r.op === '=' ? undefined : keep === '-' ? 'wd-del' : 'wd-add'}>
          {r.items.join(' ')}
          {i < v.words.runs.length - 1 ? ' ' : ''}
        </span>
      ));
  return (
    <div className="vd">
      <div className="vd__row vd__row--old">
        <span className="vd__sign" aria-label="old">
          −
        </span>
        <code>{side('-')}</code>
      </div>
      <div className="vd__row vd__row--new">
        <span className="vd__sign" aria-label="new">
          +
        </span>
        <code>{side('+')}</code>
      </div>
      {v.words.whitespaceOnly && <div className="an-note">whitespace changed only</div>}
    </div>
  );
}

/** A multi-line value as a unified diff (lines prefixed `+`, `-` or ` `; `@@` hunks). */
function LineDiff({ lines }: { lines: string[] }) {
  return (
    <pre className="ld">
      {lines.map((l, i) => {
        const cls = l.startsWith('+')
          ? 'ld--add'
          : l.startsWith('-')
            ? 'ld--del'
            : l.startsWith('@@')
              ? 'ld--hunk'
              : '';
        return (
          <div key={i} className={cls}>
            {l || ' '}
          </div>
        );
      })}
    </pre>
  );
}

/** A variable whose value changed: old/new with word-level (or line-level) highlights. */
export function VariableDiff({ v }: { v: VariableChange }) {
  let body: ReactNode;
  switch (v.kind) {
    case 'words':
      body = <WordRuns v={v} />;
      break;
    case 'lines':
      body = <LineDiff lines={v.lines} />;
      break;
    case 'value':
      body = (
        <div className="vd">
          <div className="vd__row vd__row--old">
            <span className="vd__sign">−</span>
            <code className="wd-del">{v.a ?? '(unset)'}</code>
          </div>
          <div className="vd__row vd__row--new">
            <span className="vd__sign">+</span>
            <code className="wd-add">{v.b ?? '(unset)'}</code>
          </div>
        </div>
      );
      break;
  }
  return (
    <div className="var-diff">
      <div className="var-diff__name">
        <code>{v.variable}</code>
      </div>
      {body}
    </div>
  );
}

/** An inline list diff: kept items plain, removed struck out, added highlighted. */
function ListDiff({ a, b }: { a: readonly string[]; b: readonly string[] }) {
  return (
    <div className="list-diff">
      {blockDiff(a, b).flatMap((r, i) =>
        r.items.map((x, j) => (
          <code
            key={`${i}-${j}`}
            className={r.op === '=' ? 'chip' : r.op === '+' ? 'chip wd-add' : 'chip wd-del'}
          >
            {r.op === '+' ? '+' : r.op === '-' ? '−' : ''}
            {x}
          </code>
        )),
      )}
    </div>
  );
}

function SetDiff({ c }: { c: SetChange }) {
  return <ListDiff a={c.a} b={c.b} />;
}

/** One collapsible category (open by default), with its count for the summary line. */
function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <details className="sd-section" open>
      <summary>
        {title}
        {count !== undefined && <span className="sd-count">{count}</span>}
      </summary>
      <div className="sd-section__body">{children}</div>
    </details>
  );
}

/**
 * A hash of the signature diff: 16 characters (enough to tell two apart at a glance), the full
 * value in the tooltip and one click from the clipboard (for bitbake-dumpsig or a grep).
 */
function DiffHash({ h, cls, label }: { h: string | null | undefined; cls?: string; label: string }) {
  if (!h) return <code className={cls}>(none)</code>;
  return <HashText hash={h} chars={16} label={label} className={cls} />;
}

/**
 * The structured signature diff as collapsible sections in bitbake-diffsigs order: ignore lists,
 * variable dependencies, basehash, variable values, files, task dependencies, taint, hashes.
 * `onTask` makes dependency names clickable (follow a changed dependency).
 */
export function SigDiffSections({ diff: d, onTask }: { diff: SigDiff; onTask?: (task: string) => void }) {
  const taskLink = (t: string) =>
    onTask ? (
      <button type="button" className="linkish" onClick={() => onTask(t)} aria-label={`Explain ${t}`}>
        {t}
      </button>
    ) : (
      <code>{t}</code>
    );
  const gd = d.gendeps;
  const gendeps = gd.added.length + gd.removed.length + gd.changed.length;
  const files = d.files.changed.length + d.files.added.length + d.files.removed.length;
  const deps = d.runtaskhashes.changed.length + d.runtaskhashes.added.length + d.runtaskhashes.removed.length;
  return (
    <div className="sd">
      {(d.basehashIgnoreVars || d.taskhashIgnoreTasks) && (
        <Section title="Ignore lists">
          {d.basehashIgnoreVars && (
            <>
              <div className="sd-label">BB_BASEHASH_IGNORE_VARS</div>
              <SetDiff c={d.basehashIgnoreVars} />
            </>
          )}
          {d.taskhashIgnoreTasks && (
            <>
              <div className="sd-label">BB_TASKHASH_IGNORE_TASKS</div>
              <div className="vd">
                <code className="wd-del">{d.taskhashIgnoreTasks.a ?? '(unset)'}</code>
                <code className="wd-add">{d.taskhashIgnoreTasks.b ?? '(unset)'}</code>
              </div>
            </>
          )}
        </Section>
      )}
      {d.taskdeps && (
        <Section
          title="Variables the task depends on"
          count={d.taskdeps.added.length + d.taskdeps.removed.length}
        >
          <SetDiff c={d.taskdeps} />
        </Section>
      )}
      {d.basehash && (
        <Section title="Basehash">
          <div>
            <DiffHash h={d.basehash.a} cls="wd-del" label="old basehash" /> →{' '}
            <DiffHash h={d.basehash.b} cls="wd-add" label="new basehash" />
          </div>
        </Section>
      )}
      {gendeps > 0 && (
        <Section title="Variable dependencies" count={gendeps}>
          {gd.changed.map((c) => (
            <div key={c.variable} className="var-diff">
              <div className="var-diff__name">
                <code>{c.variable}</code> depends on
              </div>
              <ListDiff a={c.a} b={c.b} />
            </div>
          ))}
          {gd.added.length > 0 && (
            <div>
              Dependency added:{' '}
              {gd.added.map((x) => (
                <code key={x} className="chip wd-add">
                  {x}
                </code>
              ))}
            </div>
          )}
          {gd.removed.length > 0 && (
            <div>
              Dependency removed:{' '}
              {gd.removed.map((x) => (
                <code key={x} className="chip wd-del">
                  {x}
                </code>
              ))}
            </div>
          )}
        </Section>
      )}
      {d.variables.length > 0 && (
        <Section title="Variable values" count={d.variables.length}>
          {d.variables.map((v) => (
            <VariableDiff key={v.variable} v={v} />
          ))}
        </Section>
      )}
      {files > 0 && (
        <Section title="File checksums" count={files}>
          <table className="an-table">
            <tbody>
              {d.files.changed.map((f) => (
                <tr key={`c${f.file}`}>
                  <td className="mono">{f.file}</td>
                  <td>
                    <DiffHash h={f.a} cls="wd-del" label={`old checksum of ${f.file}`} /> →{' '}
                    <DiffHash h={f.b} cls="wd-add" label={`new checksum of ${f.file}`} />
                  </td>
                </tr>
              ))}
              {d.files.added.map((f) => (
                <tr key={`a${f.file}`}>
                  <td className="mono wd-add">+ {f.file}</td>
                  <td>
                    <DiffHash h={f.checksum} label={`checksum of ${f.file}`} />
                  </td>
                </tr>
              ))}
              {d.files.removed.map((f) => (
                <tr key={`r${f.file}`}>
                  <td className="mono wd-del">− {f.file}</td>
                  <td>
                    <DiffHash h={f.checksum} label={`checksum of ${f.file}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {(deps > 0 || d.runtaskdeps) && (
        <Section title="Task dependencies" count={deps}>
          {d.runtaskdeps?.countChanged && (
            <div className="sd-label">
              Number of dependencies changed: {d.runtaskdeps.a.length} → {d.runtaskdeps.b.length}
            </div>
          )}
          {d.runtaskdeps?.idsChanged && <ListDiff a={d.runtaskdeps.a} b={d.runtaskdeps.b} />}
          <table className="an-table">
            <tbody>
              {d.runtaskhashes.changed.map((c) => (
                <tr key={`c${c.task}`}>
                  <td>{taskLink(c.task)}</td>
                  <td>
                    <DiffHash h={c.a} cls="wd-del" label={`old hash of ${c.task}`} /> →{' '}
                    <DiffHash h={c.b} cls="wd-add" label={`new hash of ${c.task}`} />
                  </td>
                </tr>
              ))}
              {d.runtaskhashes.added.map((c) => (
                <tr key={`a${c.task}`}>
                  <td className="wd-add">+ {taskLink(c.task)}</td>
                  <td>
                    <DiffHash h={c.hash} label={`hash of ${c.task}`} />
                  </td>
                </tr>
              ))}
              {d.runtaskhashes.removed.map((c) => (
                <tr key={`r${c.task}`}>
                  <td className="wd-del">− {taskLink(c.task)}</td>
                  <td>
                    <DiffHash h={c.hash} label={`hash of ${c.task}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {d.taint && (
        <Section title="Taint">
          <div>
            <code className="wd-del">{d.taint.a ?? '(none)'}</code> →{' '}
            <code className="wd-add">{d.taint.b ?? '(none)'}</code>
          </div>
        </Section>
      )}
      {(d.taskhash || d.unihash) && (
        <Section title="Hashes">
          {d.taskhash && (
            <div>
              taskhash <DiffHash h={d.taskhash.a} cls="wd-del" label="old taskhash" /> →{' '}
              <DiffHash h={d.taskhash.b} cls="wd-add" label="new taskhash" />
            </div>
          )}
          {d.unihash && (
            <div>
              unihash <DiffHash h={d.unihash.a} cls="wd-del" label="old unihash" /> →{' '}
              <DiffHash h={d.unihash.b} cls="wd-add" label="new unihash" />
            </div>
          )}
        </Section>
      )}
    </div>
  );
}
