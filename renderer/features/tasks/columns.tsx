import type { Column } from '../../components/virtual-table';
import '../../components/empty-mark.css';
import { EmptyMark } from '../../components/empty-mark';
import { HashText } from '../../components/hash-text';
import type { ServerStatus, TaskOutcome, TaskRow } from '../../../shared/model/tasks';

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

/** Each server status as the cell shows it, its colour, and what it means (the cell's title). */
export const SERVER_STATUS_TEXT: Record<ServerStatus, { label: string; cls: string; title: string }> = {
  same: { label: 'same', cls: 'status--same', title: 'The server gives the same unihash' },
  different: {
    label: 'differs',
    cls: 'status--different',
    title: 'The server answers a different unihash: this build would not reuse its sstate',
  },
  unknown: {
    label: 'not on server',
    cls: 'status--unknown',
    title: 'The server does not know this taskhash',
  },
  'server-only': {
    label: 'server only',
    cls: 'muted',
    title: 'Known only to the server: no local source has this taskhash',
  },
};

/** Each outcome as the cell shows it, its colour, and what it means. */
export const OUTCOME_TEXT: Record<TaskOutcome, { label: string; cls: string; title: string }> = {
  ran: { label: 'ran', cls: 'warn', title: 'The task ran in the logged build' },
  restored: { label: 'restored', cls: 'ok', title: 'Restored from sstate in the logged build' },
  covered: {
    label: 'covered',
    cls: 'ok',
    title: 'Not needed: covered by a task restored from sstate in the logged build',
  },
  skipped: {
    label: 'skipped',
    cls: 'muted',
    title: 'Skipped in the logged build: already done (its stamp was current)',
  },
  failed: { label: 'failed', cls: 'bad', title: 'The task failed in the logged build' },
  'not-reached': {
    label: 'not reached',
    cls: 'muted',
    title: 'In the run queue but never finished: the build stopped or was interrupted',
  },
};

/** Why a row has no server status. */
export const NO_SERVER_STATUS = 'Not compared with a server yet (Server view: check this build)';
/** Why a row has no outcome, when its build has no event log. */
export const NO_EVENT_LOG = 'No event log for this build (tmp/log/bitbake_eventlog or a --eventlog file)';
/** Why a row has no outcome although its build has an event log. */
export const NOT_IN_EVENT_LOG = 'Not in the run queue of this build’s event log';

/**
 * The task name as the cell shows it: without `do_` (BitBake's `-c compile` drops it too), which
 * leaves `populate_sysroot` or `package_write_ipk` room in a narrow column. The full name stays the
 * cell's title and accessible name.
 */
export function TaskName({ task }: { task: string }) {
  const short = task.startsWith('do_') ? task.slice(3) : task;
  return (
    <span className="task-name" title={task}>
      <span aria-hidden="true">{short}</span>
      <span className="sr-only">{task}</span>
    </span>
  );
}

/** Options of taskColumns. */
export interface TaskColumnsOptions {
  showMc: boolean;
  showBuild: boolean;
  /** Build ids with an event log source: an empty outcome means different things with and without. */
  buildsWithLog?: ReadonlySet<string>;
}

/** The columns of the task table; `mc` and `build` only when the workspace has more than one. */
export function taskColumns(opts: TaskColumnsOptions): Column<TaskRow>[] {
  const cols: Array<Column<TaskRow> | false> = [
    {
      id: 'pn',
      header: 'Recipe',
      width: 'minmax(5rem, 1fr)',
      sortable: true,
      render: (r) =>
        r.pn ? (
          <span title={r.pn}>{r.pn}</span>
        ) : (
          <EmptyMark why="Recipe unknown: only the hash is recorded" />
        ),
    },
    {
      id: 'task',
      header: 'Task',
      // The widest common names (package_write_ipk, populate_sysroot) fit at 1440px with the detail open.
      width: 'minmax(10.5rem, 1.9fr)',
      sortable: true,
      render: (r) =>
        r.task ? <TaskName task={r.task} /> : <EmptyMark why="Task unknown: only the hash is recorded" />,
    },
    opts.showMc && {
      id: 'mc',
      header: 'mc',
      width: '3.25rem',
      sortable: true,
      render: (r) => r.mc || <EmptyMark why="Default configuration (not a multiconfig)" />,
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
      width: '6.1rem',
      sortable: true,
      render: (r) =>
        r.taskhash ? (
          <HashText hash={r.taskhash} chars={8} label="taskhash" tabbable={false} />
        ) : (
          <EmptyMark why="No taskhash: only a unihash is known (an sstate object or a stamp alone)" />
        ),
    },
    {
      id: 'unihash',
      header: 'Unihash',
      width: '7rem',
      sortable: true,
      render: (r) => {
        if (!r.unihash) return <EmptyMark why="No unihash known for this taskhash" />;
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
      width: '6.6rem',
      sortable: true,
      render: (r) =>
        r.outhashes.length === 0 ? (
          <EmptyMark why="No outhash recorded for this taskhash" />
        ) : (
          <span className="unihash-cell">
            <HashText
              hash={r.outhashes[0]}
              chars={8}
              label="outhash"
              tabbable={false}
              title={r.outhashes.join('\n')}
            />
            {r.outhashes.length > 1 && (
              <span
                className="badge badge--warn"
                aria-label={`${r.outhashes.length - 1} more outhashes`}
                title={r.outhashes.join('\n')}
              >
                +{r.outhashes.length - 1}
              </span>
            )}
          </span>
        ),
    },
    {
      id: 'class',
      header: 'Class',
      width: '3.4rem',
      render: (r) =>
        r.classSize > 1 ? (
          <span className="num equiv">{r.classSize}</span>
        ) : r.classSize === 1 ? (
          <span className="num muted" title="Alone in its equivalence class">
            1
          </span>
        ) : (
          <EmptyMark why="Equivalence class unknown: no unihash" />
        ),
    },
    {
      id: 'files',
      header: 'Files',
      width: '4.1rem',
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
      width: '5.75rem',
      sortable: true,
      render: (r) => {
        if (!r.serverStatus) return <EmptyMark why={NO_SERVER_STATUS} />;
        const t = SERVER_STATUS_TEXT[r.serverStatus];
        return (
          <span className={`status ${t.cls}`} title={t.title}>
            {t.label}
          </span>
        );
      },
    },
    {
      id: 'outcome',
      header: 'Outcome',
      width: '5.25rem',
      sortable: true,
      render: (r) => {
        if (!r.outcome)
          return <EmptyMark why={opts.buildsWithLog?.has(r.build) ? NOT_IN_EVENT_LOG : NO_EVENT_LOG} />;
        const t = OUTCOME_TEXT[r.outcome];
        return (
          <span className={`status ${t.cls}`} title={t.title}>
            {t.label}
          </span>
        );
      },
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
