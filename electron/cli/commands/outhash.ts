import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import { computeOuthash } from '../../services/outhash/compute';
import { writeJson, type CliCommand } from '../command';
import { inputKind, parseOuthashArgs, OUTHASH_OPTIONS_HELP, resolveOuthashParams } from './outhash-options';

const USAGE = `Usage: hashequiv outhash PATH [--task do_x] [--pkgspec S] [--hash-version V]
         [--extra-sigdata S] [--source-date-epoch N] [--filemap TASK:GLOB:REPLACEMENT]...
         [--basepath P] [--owners|--no-owners] [--format NAME] [--root MODE:USER:GROUP]
         [--sigfile FILE] [--json]

Computes OpenEmbedded's output hash (OEOuthashBasic) byte for byte, and the signature text it
hashes (what BitBake writes to depsig.do_<task>), from a directory (lstat, links never followed)
or from an sstate archive (.tar.zst, .tgz, .tar) streamed without extracting anything.

${OUTHASH_OPTIONS_HELP}

Output: the outhash. With --json: {"outhash": "<64 hex>", "sigtext": "<text>"}.
Notes on where values came from go to stderr.
Exit status: 0 ok; 2 bad usage or input that has no outhash (with the reason).
`;

/** `hashequiv outhash PATH`: the outhash and sigtext of a directory or an sstate archive. */
export const outhashCommand: CliCommand = {
  name: 'outhash',
  summary: 'Compute a task output hash (OEOuthashBasic) from a directory or an sstate archive',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseOuthashArgs(args, 1, 'exactly one PATH');
    const target = path.resolve(io.cwd, positionals[0] as string);
    const kind = inputKind(target);
    if (kind === 'depsig')
      throw new InspectorError(
        'INVALID_INPUT',
        'PATH is a depsig file: compare it with outhash-diff, or pass it as --sigfile',
        {
          file: target,
        },
      );
    const { params, notes } = resolveOuthashParams(target, kind, values, io.cwd);
    const r = await computeOuthash(target, params);
    for (const n of [...notes, ...r.notes]) io.stderr.write(`hashequiv outhash: note: ${n}\n`);
    if (values.json) writeJson(io, { outhash: r.outhash, sigtext: r.sigtext });
    else io.stdout.write(r.outhash + '\n');
    return 0;
  },
};
