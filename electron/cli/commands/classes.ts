import { InspectorError } from '../../../shared/model/errors';
import type { EquivalenceClass } from '../../../shared/model/tasks';
import { MAX_PAGE_LIMIT } from '../../../shared/model/tasks';
import { writeJson, type CliCommand } from '../command';
import { openFromArgs, reportSourceErrors } from './open';
import { parseCliArgs } from '../parse-cli-args';

const USAGE = `Usage: hashequiv classes PATH... [--all] [--search S] [--limit N] [--offset N] [--json]

Lists the equivalence classes of a build: each unihash with every taskhash folded into it and
the outhash that taskhash reported, biggest classes first. By default only classes of two or more
taskhashes (real equivalences); --all lists every unihash.

Options:
  --all          include classes of a single taskhash
  --search S     a recipe/task name or a hash prefix of any member
  --limit N      classes per page (default 50, at most ${MAX_PAGE_LIMIT});  --offset N
  --demo         use the demo build instead of PATH
  --json         print {total, rows: [{unihash, method, members: [{taskhash, outhash, pn, task,
                 created, canonical}]}]}

Exit status: 0 ok, 1 some source could not be read (listed on stderr), 2 bad usage.
`;

/** `hashequiv classes PATH...`: unihash -> taskhashes. */
export const classesCommand: CliCommand = {
  name: 'classes',
  summary: 'List equivalence classes: each unihash with its taskhashes and their outhashes',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      json: { type: 'boolean' },
      demo: { type: 'boolean' },
      all: { type: 'boolean' },
      search: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    });
    const num = (v: unknown, name: string, def: number) => {
      if (v === undefined) return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0)
        throw new InspectorError(
          'INVALID_INPUT',
          `--${name} must be a non-negative integer, got '${String(v)}'`,
        );
      return n;
    };
    const limit = num(values.limit, 'limit', 50);
    if (limit < 1 || limit > MAX_PAGE_LIMIT)
      throw new InspectorError('INVALID_INPUT', `--limit must be 1..${MAX_PAGE_LIMIT}`);
    const offset = num(values.offset, 'offset', 0);
    const ws = await openFromArgs(positionals, values.demo as boolean | undefined, io);
    try {
      const page = ws.classes({
        search: values.search as string | undefined,
        minMembers: values.all ? 1 : 2,
        offset,
        limit,
      });
      if (values.json) writeJson(io, { total: page.total, rows: page.rows });
      else io.stdout.write(formatClasses(page.rows, page.total, offset));
      return reportSourceErrors(ws.summary(), io, 'classes') > 0 ? 1 : 0;
    } finally {
      ws.close();
    }
  },
};

function formatClasses(rows: EquivalenceClass[], total: number, offset: number): string {
  const lines: string[] = [];
  for (const c of rows) {
    const names = [...new Set(c.members.map((m) => `${m.pn ?? '?'}:${m.task ?? '?'}`))].join(', ');
    lines.push(
      `unihash ${c.unihash}  (${c.members.length} taskhashes; ${names}; ${c.method || 'method unknown'})`,
    );
    for (const m of c.members) {
      lines.push(
        `  ${m.canonical ? '*' : ' '} taskhash ${m.taskhash}  outhash ${m.outhash ?? '-'}  ${m.created ?? ''}`.trimEnd(),
      );
    }
  }
  lines.push(
    rows.length > 0
      ? `classes ${offset + 1}-${offset + rows.length} of ${total} (* = the taskhash that gave the unihash)`
      : `no classes (of ${total})`,
  );
  return lines.join('\n') + '\n';
}
