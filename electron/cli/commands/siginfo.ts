import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import { readSigFile } from '../../services/sources/siginfo/read-sig-file';
import { formatSigChecks, formatSigDump } from '../../services/sources/siginfo/sig-dump';
import { writeJson, type CliCommand } from '../command';
import { parseCliArgs } from '../parse-cli-args';

const USAGE = `Usage: hashequiv siginfo FILE [--json] [--dump-only]

Reads a sigdata, sigbasedata or sstate .siginfo file (modern zstd JSON or legacy pickle), prints
it like 'bitbake-dumpsig FILE', then checks the recorded basehash and taskhash against the ones
recomputed from the file's content.

Options:
  --json        print {path, format, data, computedBasehash, computedTaskhash,
                basehashMatches, taskhashMatches, nameHash}
  --dump-only   print exactly what bitbake-dumpsig prints, without the check lines

Exit status: 0 hashes match, 1 a recomputed hash differs, 2 unreadable input or bad usage.
`;

/** `hashequiv siginfo FILE`: bitbake-dumpsig plus hash verification. */
export const siginfoCommand: CliCommand = {
  name: 'siginfo',
  summary: 'Dump a sigdata/siginfo file (like bitbake-dumpsig) and verify its hashes',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      json: { type: 'boolean' },
      'dump-only': { type: 'boolean' },
    });
    if (positionals.length !== 1)
      throw new InspectorError('INVALID_INPUT', 'expected exactly one FILE (see --help)');
    const file = path.resolve(io.cwd, positionals[0]!);
    const sig = await readSigFile(file);
    const ok = sig.basehashMatches && sig.taskhashMatches !== false;
    if (values.json) {
      writeJson(io, {
        path: sig.path,
        format: sig.format,
        data: sig.data,
        computedBasehash: sig.computedBasehash,
        computedTaskhash: sig.computedTaskhash ?? null,
        basehashMatches: sig.basehashMatches,
        taskhashMatches: sig.taskhashMatches ?? null,
        nameHash: sig.nameHash ?? null,
      });
    } else {
      io.stdout.write(formatSigDump(sig));
      if (!values['dump-only']) io.stdout.write(formatSigChecks(sig));
    }
    return ok ? 0 : 1;
  },
};
