import { InspectorError } from '../../../shared/model/errors';
import type { ParsedFilter } from '../../../shared/model/filter-syntax';
import { FILTER_KEYS, parseFilterText } from '../../../shared/model/filter-syntax';
import type { TaskFilter, TaskQueryInput, TaskRow, TaskSortColumn } from '../../../shared/model/tasks';
import { MAX_PAGE_LIMIT, TASK_FILTERS, TASK_SORT_COLUMNS } from '../../../shared/model/tasks';
import { writeJson, type CliCommand } from '../command';
import { openFromArgs, reportSourceErrors } from './open';
import { parseCliArgs } from '../parse-cli-args';

const USAGE = `Usage: hashequiv tasks PATH... [--query TEXT] [--search S] [--recipe PN] [--task T]
                       [--mc MC] [--filter F]... [--sort COL[:desc]] [--limit N] [--offset N] [--json]

Lists the task index of a build: one row per task and taskhash, with the unihash each source
gives (cache/bb_unihashes.dat, hashserv.db, persist_data, sigdata), the chosen unihash, outhashes
and which files exist (sstate object, stamp, sigdata, depsig).

Options:
  --query TEXT   the Tasks view's search-box language (see ? in the app), for example
                 --query 'pn:*zl* is:equivalent sort:-taskhash 3fe2'. Keys:
${FILTER_KEYS.map((k) => `                   ${`${k.key}:`.padEnd(10)}${k.help}`).join('\n')}
                 other words are free text, as --search. A token that cannot be read exits 2 naming
                 it and its column. The flags below combine with it; on a conflict the flag wins
                 (--recipe replaces pn:, --task task:, --mc mc:, --sort sort:), --filter adds to
                 is:, and --search words add to the free text (all must match).
  --search S     recipe or task name (substring), or a taskhash/unihash/outhash prefix;
                 several words must all match ("zlib populate_sysroot")
  --recipe PN    exactly this recipe;  --task T  exactly this task (do_ optional);  --mc MC  ('' = default)
  --filter F     repeatable: ${TASK_FILTERS.join(', ')}
  --sort COL     ${TASK_SORT_COLUMNS.join(', ')}; append :desc for descending (default pn)
  --limit N      rows per page (default 50, at most ${MAX_PAGE_LIMIT});  --offset N  first row (default 0)
  --demo         use the demo build instead of PATH
  --json         print {total, offset, rows: [{key, tid, build, buildLabel, mc, pn, task, taskhash,
                 unihash, unihashes: [{kind, path, unihash}], outhashes: [..], created, classSize,
                 sstate, siginfo, stamp, sigdata, depsig, serverStatus, outcome}]}

Flags column: E equivalent (unihash != taskhash), D sources disagree, S sstate object,
T stamp, G sigdata, P depsig, M several outhashes.
Exit status: 0 ok, 1 some source could not be read (listed on stderr), 2 bad usage.
`;

function int(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InspectorError('INVALID_INPUT', `--${name} must be a non-negative integer, got '${String(v)}'`);
  return n;
}

/** `hashequiv tasks PATH...`: one page of the task index. */
export const tasksCommand: CliCommand = {
  name: 'tasks',
  summary: 'List tasks with taskhash, unihash per source, outhash and files; search, filter, sort',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      json: { type: 'boolean' },
      demo: { type: 'boolean' },
      query: { type: 'string' },
      search: { type: 'string' },
      recipe: { type: 'string' },
      task: { type: 'string' },
      mc: { type: 'string' },
      filter: { type: 'string', multiple: true },
      sort: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    });
    const filters = ((values.filter as string[] | undefined) ?? []).map((f) => {
      if (!(TASK_FILTERS as readonly string[]).includes(f)) {
        throw new InspectorError(
          'INVALID_INPUT',
          `unknown --filter '${f}'; known: ${TASK_FILTERS.join(', ')}`,
        );
      }
      return f as TaskFilter;
    });
    let sort: { column: TaskSortColumn; dir: 'asc' | 'desc' } | undefined;
    if (values.sort !== undefined) {
      const [column, dir = 'asc'] = String(values.sort).split(':');
      if (
        !(TASK_SORT_COLUMNS as readonly string[]).includes(column ?? '') ||
        (dir !== 'asc' && dir !== 'desc')
      ) {
        throw new InspectorError(
          'INVALID_INPUT',
          `bad --sort '${String(values.sort)}'; use COL or COL:desc with COL one of ${TASK_SORT_COLUMNS.join(', ')}`,
        );
      }
      sort = { column: column as TaskSortColumn, dir };
    }
    const limit = int(values.limit, 'limit', 50);
    if (limit < 1 || limit > MAX_PAGE_LIMIT)
      throw new InspectorError('INVALID_INPUT', `--limit must be 1..${MAX_PAGE_LIMIT}`);
    const offset = int(values.offset, 'offset', 0);
    // Parsed before opening the build: a typo costs nothing.
    const parsed = values.query !== undefined ? parseQueryOption(values.query as string) : {};
    const query = mergeFlags(parsed, {
      search: values.search as string | undefined,
      recipe: values.recipe as string | undefined,
      task: values.task as string | undefined,
      mc: values.mc as string | undefined,
      filters,
      sort,
    });
    const ws = await openFromArgs(positionals, values.demo as boolean | undefined, io);
    try {
      const page = ws.queryTasks({ ...query, offset, limit });
      if (values.json) writeJson(io, { total: page.total, offset: page.offset, rows: page.rows });
      else io.stdout.write(formatRows(page.rows, page.total, page.offset));
      return reportSourceErrors(ws.summary(), io, 'tasks') > 0 ? 1 : 0;
    } finally {
      ws.close();
    }
  },
};

/**
 * `--query TEXT` through the search box's own parser, so scripts and the UI speak one language.
 * The first unreadable token is an INVALID_INPUT naming it and its 1-based column.
 */
export function parseQueryOption(text: string): ParsedFilter['query'] {
  const { query, errors } = parseFilterText(text);
  const first = errors[0];
  if (first) {
    const token = text.slice(first.from, first.to);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new InspectorError(
      'INVALID_INPUT',
      `--query: '${token}' at column ${first.from + 1}: ${first.message}${more}`,
    );
  }
  return query;
}

/** The explicit flags over a parsed --query: flags win per field, filters and search words add up. */
export function mergeFlags(
  q: ParsedFilter['query'],
  flags: {
    search: string | undefined;
    recipe: string | undefined;
    task: string | undefined;
    mc: string | undefined;
    filters: TaskFilter[];
    sort: { column: TaskSortColumn; dir: 'asc' | 'desc' } | undefined;
  },
): Omit<TaskQueryInput, 'offset' | 'limit'> {
  const out: Omit<TaskQueryInput, 'offset' | 'limit'> = { ...q };
  if (flags.recipe !== undefined) {
    delete out.recipeGlob;
    out.recipe = flags.recipe;
  }
  if (flags.task !== undefined) {
    delete out.taskGlob;
    out.task = flags.task;
  }
  if (flags.mc !== undefined) out.mc = flags.mc;
  if (flags.sort) out.sort = flags.sort;
  const filters = [...new Set([...(q.filters ?? []), ...flags.filters])];
  if (filters.length) out.filters = filters;
  const search = [q.search, flags.search].filter((w) => w).join(' ');
  if (search) out.search = search;
  return out;
}

const short = (h: string | null) => (h ? h.slice(0, 12) : '-');

/** Flag letters of a row (see the usage text). */
export function rowFlags(r: TaskRow): string {
  const set = new Set(r.unihashes.map((u) => u.unihash));
  return [
    r.taskhash && r.unihash && r.taskhash !== r.unihash ? 'E' : '.',
    set.size > 1 ? 'D' : '.',
    r.sstate ? 'S' : '.',
    r.stamp ? 'T' : '.',
    r.sigdata ? 'G' : '.',
    r.depsig ? 'P' : '.',
    r.outhashes.length > 1 ? 'M' : '.',
  ].join('');
}

function formatRows(rows: TaskRow[], total: number, offset: number): string {
  const head = ['MC', 'RECIPE', 'TASK', 'TASKHASH', 'UNIHASH', 'OUTHASH', 'FLAGS', 'CLASS'];
  const body = rows.map((r) => [
    r.mc || '-',
    r.pn ?? '?',
    r.task ?? '?',
    short(r.taskhash),
    short(r.unihash),
    short(r.outhashes[0] ?? null),
    rowFlags(r),
    String(r.classSize),
  ]);
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const lines = all.map((row) =>
    row
      .map((c, i) => c.padEnd(w[i]!))
      .join('  ')
      .trimEnd(),
  );
  for (const r of rows) {
    const distinct = new Set(r.unihashes.map((u) => u.unihash));
    if (distinct.size > 1) {
      lines.push(
        `  ${r.pn}:${r.task} ${short(r.taskhash)}: sources disagree: ` +
          r.unihashes.map((u) => `${u.kind}=${short(u.unihash)}`).join(', '),
      );
    }
  }
  const last = offset + rows.length;
  lines.push(rows.length > 0 ? `rows ${offset + 1}-${last} of ${total}` : `no rows (of ${total} matching)`);
  return lines.join('\n') + '\n';
}
