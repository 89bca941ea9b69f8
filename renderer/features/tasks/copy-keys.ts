import { formatTaskId } from '../../../shared/model/task-id';
import type { TaskRow } from '../../../shared/model/tasks';

/** Which hash a row key copies: `c` the unihash (what sstate and the server use), `C` the taskhash. */
export const COPY_KEYS = {
  c: 'unihash',
  C: 'taskhash',
} as const satisfies Record<string, 'unihash' | 'taskhash'>;

/** The row named as a developer writes it: `zlib:do_compile` (with `mc:<mc>:` when not default). */
export function rowName(r: TaskRow): string {
  return formatTaskId(r.mc, r.pn ?? '?', r.task ?? '?');
}

/** The status line after a copy key: what was copied, or why nothing was. */
export function copyMessage(r: TaskRow, kind: 'unihash' | 'taskhash', error?: string): string {
  const hash = r[kind];
  if (!hash) return `${rowName(r)} has no ${kind} to copy`;
  if (error) return `Could not copy the ${kind}: ${error}`;
  return `Copied ${kind} ${hash.slice(0, 12)}… of ${rowName(r)}`;
}
