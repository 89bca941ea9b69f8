import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import { diffSigData, ownCauseKinds, sigDiffIsEmpty } from '../../../shared/model/sig-diff';
import { renderSigDiffText, sigDiffMessages } from '../../../shared/model/sig-diff-text';
import { readSigFile } from '../../services/sources/siginfo/read-sig-file';
import { writeJson, type CliCommand } from '../command';
import { parseCliArgs } from '../parse-cli-args';

const USAGE = `Usage: hashequiv diffsigs A B [--json] [--collapsed]

Compares two sigdata / sstate .siginfo files (modern zstd JSON or legacy pickle, in any
combination) and prints what changed between A (old) and B (new) in the order and wording of
'bitbake-diffsigs A B'. Needs no build environment.

Options:
  --json        print {a, b, same, ownCauses, diff, messages}: a/b = {path, format, taskhash,
                unihash}; diff = the structured SigDiff (categories basehashIgnoreVars,
                taskhashIgnoreTasks, taskdeps, basehash, gendeps, variables, files, runtaskdeps,
                runtaskhashes, taint); messages = the text, one message per element
  --collapsed   like 'bitbake -S printdiff': no basehash, runtaskdeps or dependency hash lines

Exit status: 0 (whether or not the files differ), 2 unreadable input or bad usage.
`;

/** `hashequiv diffsigs A B`: bitbake-diffsigs, offline, for any two sig files. */
export const diffsigsCommand: CliCommand = {
  name: 'diffsigs',
  summary: 'Explain the difference between two sigdata/siginfo files (like bitbake-diffsigs)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      json: { type: 'boolean' },
      collapsed: { type: 'boolean' },
    });
    if (positionals.length !== 2)
      throw new InspectorError('INVALID_INPUT', 'expected two files A and B (see --help)');
    const [a, b] = await Promise.all(positionals.map((p) => readSigFile(path.resolve(io.cwd, p))));
    const diff = diffSigData(a!.data, b!.data);
    const opts = { collapsed: values.collapsed ?? false };
    if (values.json) {
      const side = (s: typeof a) => ({
        path: s!.path,
        format: s!.format,
        taskhash: s!.data.taskhash ?? null,
        unihash: s!.data.unihash ?? null,
      });
      writeJson(io, {
        a: side(a),
        b: side(b),
        same: sigDiffIsEmpty(diff),
        ownCauses: ownCauseKinds(diff),
        diff,
        messages: sigDiffMessages(diff, opts),
      });
    } else {
      io.stdout.write(renderSigDiffText(diff, opts));
    }
    return 0;
  },
};
