import { useState } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { formatErrorInfo, type ErrorInfo } from '../../../shared/model/errors';
import type { BuildDiffRow, BuildSummary } from '../../../shared/model/tasks';
import { ErrorBanner } from '../../components/error-banner';
import { HashText } from '../../components/hash-text';
import type { Column } from '../../components/virtual-table';
import { selectOpenStatus, useAppStore, type OpenStatus } from '../../state';
import { OpenProgress } from '../start/start-view';

/** A build the user can pick. */
export interface BuildChoice {
  id: string;
  label: string;
}

/** Props of BuildSelect. */
export interface BuildSelectProps {
  /** Which side: 'A' (older) or 'B' (newer); names the control ("Build A"). */
  side: 'A' | 'B';
  builds: readonly BuildChoice[];
  value: string;
  onChange: (id: string) => void;
}

/** One side's build picker of Compare builds (the A and B pickers are the same control). */
export function BuildSelect({ side, builds, value, onChange }: BuildSelectProps) {
  return (
    <label>
      {side} ({side === 'A' ? 'older' : 'newer'}){' '}
      <select aria-label={`Build ${side}`} value={value} onChange={(e) => onChange(e.target.value)}>
        {builds.map((x) => (
          <option key={x.id} value={x.id}>
            {x.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A hash column of the differing-tasks table: the hash shortened, the full value in the tooltip
 * and one click from the clipboard (a Yocto developer pastes it into bitbake-dumpsig or a grep).
 * `side`/`kind` pick the value and name the column ("Taskhash A").
 */
export function hashColumn<R extends Pick<BuildDiffRow, 'a' | 'b'>>(
  kind: 'taskhash' | 'unihash',
  side: 'a' | 'b',
): Column<R> {
  const header = `${kind === 'taskhash' ? 'Taskhash' : 'Unihash'} ${side.toUpperCase()}`;
  return {
    id: `${kind}-${side}`,
    header,
    // Eight characters tell tasks apart here; the task names need the width more.
    width: '6.4rem',
    // Rows are the Tab stops of a grid: the copy button is reached by pointer only.
    render: (r) => <HashText hash={r[side]?.[kind]} chars={8} label={header} tabbable={false} />,
  };
}

/**
 * What to do after adding a build failed, by error code: the engine's message says what went
 * wrong; this says where to look next. `mode` names where paths live (web mode: the serving machine).
 */
export function addBuildHint(error: ErrorInfo, mode: AppInfo['mode']): string {
  const where = mode === 'web' ? 'on the serving machine' : 'on this computer';
  switch (error.code) {
    case 'NOT_FOUND':
      return `Check the path: it must exist ${where}. Give the build directory (TOPDIR, the folder holding conf/ and tmp/).`;
    case 'PERMISSION_DENIED':
      return 'Make the directory readable by the user running the inspector, or copy the build somewhere readable.';
    case 'NOT_A_FILE':
    case 'BAD_FORMAT':
    case 'TRUNCATED':
    case 'UNSUPPORTED':
      return 'Give the build directory (TOPDIR), its tmp/ or cache/, an sstate cache or a hashserv.db — the other build of the same project.';
    case 'CANCELLED':
      return 'Adding was cancelled: nothing was added. Add the build again when ready.';
    default:
      return 'Check the path and try again; opening it on its own from the Start view shows which of its files fails.';
  }
}

/**
 * Where adding a build from Compare builds stands, shown beside the form that started it: the
 * open job's progress with Cancel (the Start view's own component), or the error with what to
 * do. Only what happened while this view was on screen: an old error of the Start view is not
 * news here.
 */
export function AddBuildStatus() {
  const status = useAppStore(selectOpenStatus);
  const mode = useAppStore((s) => s.info?.mode ?? 'web');
  // Each open writes a new status object: the one on screen at mount is not this view's doing.
  const [atMount] = useState<OpenStatus>(status);
  const [dismissed, setDismissed] = useState<OpenStatus | null>(null);
  if (status.kind === 'opening') return <OpenProgress />;
  if (status.kind !== 'error' || status === atMount || status === dismissed) return null;
  return (
    <div className="cmp-add-error" data-testid="cmp-add-error">
      <ErrorBanner error={status.error} onDismiss={() => setDismissed(status)} />
      <p className="muted">{addBuildHint(status.error, mode)}</p>
    </div>
  );
}

/**
 * After a build was added from here: the engine opens a build even when some (or all) of its
 * inputs cannot be read — one unreadable file must not stop the rest — so a mistyped path
 * "succeeds" with nothing in it. Says so, with the first reason and what to do; silent when the
 * build loaded cleanly.
 */
export function AddedBuildNote({ build }: { build: Pick<BuildSummary, 'label' | 'sources' | 'counts'> }) {
  const failed = build.sources.filter((x) => x.status === 'error');
  const empty = build.counts.rows === 0;
  if (failed.length === 0 && !empty) return null;
  const first = failed[0]?.error;
  return (
    <div className="an-note" role="note" data-testid="cmp-added-note">
      <strong>
        {build.label} was added
        {failed.length === 0
          ? ', but no task was found in it'
          : failed.length < build.sources.length
            ? `, but ${failed.length} of its ${build.sources.length} sources could not be read`
            : build.sources.length === 1
              ? ', but its only source could not be read'
              : `, but none of its ${build.sources.length} sources could be read`}
        .
      </strong>{' '}
      {first && (
        <span>
          {first.code}: {formatErrorInfo(first)}{' '}
        </span>
      )}
      {empty
        ? 'Comparing with it shows every task as only in the other build: check that the path is the build directory (TOPDIR) of a build that ran, and add it again; Sources lists what was read.'
        : 'Its comparison leaves those files out; Sources lists each with its reason.'}
    </div>
  );
}
