import type { Column } from '../../components/virtual-table';
import { HashText } from '../../components/hash-text';
import type { TaskRow } from '../../../shared/model/tasks';

/** Whether the sources give more than one unihash for the row. */
export const disagrees = (r: TaskRow): boolean => new Set(r.unihashes.map((u) => u.unihash)).size > 1;

/** Whether the row was folded into an older output (unihash differs from taskhash). */
export const isEquivalent = (r: TaskRow): boolean =>
  r.unihash !== null && r.taskhash !== null && r.unihash !== r.taskhash;

/** The tooltip of a unihash: every source's value, so a disagreement shows who says what. */
export function unihashTitle(r: TaskRow): string {
  if (r.unihashes.length === 0) return r.unihash ?? 'no unihash known';
  return r.unihashes.map((u) => `${u.unihash}  ← ${u.kind} ${u.path}`).join('\n');
}

function Flag({ on, label, letter }: { on: boolean; label: string; letter: string }) {
  return (
    <span
      className={`flag${on ? ' is-on' : ''}`}
      title={`${label}: ${on ? 'present' : 'absent'}`}
      aria-label={`${label} ${on ? 'present' : 'absent'}`}
    >
      {letter}
    </span>
  );
}

const OUTCOME_CLASS: Record<string, string> = { ran: 'warn', restored: 'ok', covered: 'ok', failed: 'bad' };

/** The columns of the task table; `mc` and `build` only when the workspace has more than one. */
export function taskColumns(opts: { showMc: boolean; showBuild: boolean }): Column<TaskRow>[] {
  const cols: Array<Column<TaskRow> | false> = [
    {
      id: 'pn',
      header: 'Recipe',
      width: 'minmax(5.5rem, 1.2fr)',
      sortable: true,
      render: (r) => r.pn ?? <span className="muted">—</span>,
    },
    {
      id: 'task',
      header: 'Task',
      width: 'minmax(6.5rem, 1fr)',
      sortable: true,
      render: (r) => r.task ?? <span className="muted">—</span>,
    },
    opts.showMc && {
      id: 'mc',
      header: 'mc',
      width: '3.5rem',
      sortable: true,
      render: (r) => r.mc || <span className="muted">·</span>,
    },
    opts.showBuild && {
      id: 'build',
      header: 'Build',
      width: '5rem',
      sortable: true,
      render: (r) => r.buildLabel,
    },
    {
      id: 'taskhash',
      header: 'Taskhash',
      width: '6.25rem',
      sortable: true,
      render: (r) => <HashText hash={r.taskhash} chars={8} label="taskhash" tabbable={false} />,
    },
    {
      id: 'unihash',
      header: 'Unihash',
      width: '7.5rem',
      sortable: true,
      render: (r) => {
        const bad = disagrees(r);
        return (
          <span className="unihash-cell">
            {bad && (
              <span
                className="badge badge--bad"
                aria-label={`${new Set(r.unihashes.map((u) => u.unihash)).size} different unihashes`}
              >
                ≠
              </span>
            )}
            <HashText
              hash={r.unihash}
              chars={8}
              label="unihash"
              title={unihashTitle(r)}
              tabbable={false}
              className={bad ? 'is-disagree' : isEquivalent(r) ? 'is-equivalent' : ''}
            />
          </span>
        );
      },
    },
    {
      id: 'outhash',
      header: 'Outhash',
      width: '6.75rem',
      sortable: true,
      render: (r) => (
        <span title={r.outhashes.join('\n')}>
          <HashText hash={r.outhashes[0]} chars={8} label="outhash" tabbable={false} />
          {r.outhashes.length > 1 && <span className="badge badge--warn">+{r.outhashes.length - 1}</span>}
        </span>
      ),
    },
    {
      id: 'class',
      header: 'Class',
      width: '3.5rem',
      render: (r) =>
        r.classSize > 1 ? (
          <span className="num equiv">{r.classSize}</span>
        ) : (
          <span className="num muted">{r.classSize || '·'}</span>
        ),
    },
    {
      id: 'files',
      header: 'Files',
      width: '4.5rem',
      render: (r) => (
        <span className="flags">
          <Flag on={r.sstate} label="sstate object" letter="O" />
          <Flag on={r.stamp} label="stamp" letter="S" />
          <Flag on={r.sigdata} label="sigdata" letter="G" />
          <Flag on={r.depsig} label="depsig" letter="D" />
        </span>
      ),
    },
    {
      id: 'serverStatus',
      header: 'Server',
      width: '4.75rem',
      sortable: true,
      render: (r) =>
        r.serverStatus ? (
          <span className={`status status--${r.serverStatus}`}>{r.serverStatus}</span>
        ) : (
          <span className="muted">·</span>
        ),
    },
    {
      id: 'outcome',
      header: 'Outcome',
      width: '5.5rem',
      sortable: true,
      render: (r) =>
        r.outcome ? (
          <span className={`status ${OUTCOME_CLASS[r.outcome] ?? ''}`}>{r.outcome}</span>
        ) : (
          <span className="muted">·</span>
        ),
    },
  ];
  return cols.filter((c): c is Column<TaskRow> => c !== false);
}

/** Row classes: equivalent rows in the equivalence colour, disagreements in red. */
export function taskRowClass(r: TaskRow): string | undefined {
  if (disagrees(r)) return 'row--disagree';
  if (isEquivalent(r)) return 'row--equivalent';
  return undefined;
}
