import type { BuildDiffRow } from '../../../shared/model/tasks';
import { HashText } from '../../components/hash-text';
import type { Column } from '../../components/virtual-table';

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
