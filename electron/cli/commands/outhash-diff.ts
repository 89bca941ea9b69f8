import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  diffSigtexts,
  formatSigtextDiff,
  parseSigtext,
  type SigtextEntry,
} from '../../../shared/model/outhash-sigtext';
import { readDepsigText } from '../../services/outhash/build-inputs';
import { computeOuthash } from '../../services/outhash/compute';
import { writeJson, type CliCommand, type CliIo } from '../command';
import {
  inputKind,
  parseOuthashArgs,
  OUTHASH_OPTIONS_HELP,
  resolveOuthashParams,
  type OuthashFlagValues,
} from './outhash-options';

const USAGE = `Usage: hashequiv outhash-diff A B [input flags] [--json]

Compares two signature texts field by field: A and B are each a directory, an sstate archive or
a depsig.do_<task> file. Directories and archives are hashed first (with the flags below; an
archive's own name and its build's depsig file give its defaults). Typical uses: our sigtext of
an archive against the build's depsig file, or two archives of the same task from two builds.

${OUTHASH_OPTIONS_HELP}

Output: header differences (hash version, extra sigdata, pkgspec, task), paths only in A or B,
and per changed path the fields that differ (type, permissions, owner, group, mtime, device,
size, digest, linkTarget).
With --json: {"identical": bool, "a": {"path", "kind", "outhash"}, "b": {...},
  "header": [{"field", "a", "b"}], "removed": [Entry], "added": [Entry],
  "changed": [{"path", "fields": [{"field", "a", "b"}], "a": Entry, "b": Entry}],
  "unchanged": n, "orderDiffers": bool}
where Entry = {"path", "type", "permissions", "owner"?, "group"?, "mtime"?, "device"?, "size"?,
  "digest"?, "linkTarget"?, "line", "text"}. "removed" = only in A, "added" = only in B.
Exit status: 0 identical, 1 different, 2 bad usage or unreadable input.
`;

async function sigtextOf(
  p: string,
  values: OuthashFlagValues,
  io: CliIo,
): Promise<{ kind: string; text: string }> {
  const kind = inputKind(p);
  if (kind === 'depsig') return { kind, text: readDepsigText(p) };
  const { params, notes } = resolveOuthashParams(p, kind, values, io.cwd);
  const r = await computeOuthash(p, params);
  for (const n of [...notes, ...r.notes])
    io.stderr.write(`hashequiv outhash-diff: note: ${path.basename(p)}: ${n}\n`);
  return { kind, text: r.sigtext };
}

const entryJson = (e: SigtextEntry): SigtextEntry => ({ ...e });

/** `hashequiv outhash-diff A B`: structured difference of two signature texts. */
export const outhashDiffCommand: CliCommand = {
  name: 'outhash-diff',
  summary: 'Compare two outhash signature texts (directories, archives or depsig files) field by field',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseOuthashArgs(args, 2, 'two inputs A and B');
    const [pa, pb] = positionals.map((p) => path.resolve(io.cwd, p)) as [string, string];
    const a = await sigtextOf(pa, values, io);
    const b = await sigtextOf(pb, values, io);
    const d = diffSigtexts(parseSigtext(a.text, pa), parseSigtext(b.text, pb));
    const sha = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');
    if (values.json) {
      writeJson(io, {
        identical: d.identical,
        a: { path: pa, kind: a.kind, outhash: sha(a.text) },
        b: { path: pb, kind: b.kind, outhash: sha(b.text) },
        header: d.header,
        removed: d.removed.map(entryJson),
        added: d.added.map(entryJson),
        changed: d.changed.map((c) => ({
          path: c.path,
          fields: c.fields,
          a: entryJson(c.a),
          b: entryJson(c.b),
        })),
        unchanged: d.unchanged,
        orderDiffers: d.orderDiffers,
      });
    } else {
      io.stdout.write(`A ${sha(a.text)} ${pa}\nB ${sha(b.text)} ${pb}\n`);
      io.stdout.write(formatSigtextDiff(d));
    }
    return d.identical ? 0 : 1;
  },
};
