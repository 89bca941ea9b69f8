/**
 * Writes the demo build directory: `npx tsx scripts/make-demo.ts OUTDIR [--seed N]`.
 * The generator lives in electron/services/workspace/demo/ because the app also runs it
 * (ensureDemoBuild) to open the demo when given no path.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatErrorInfo, toErrorInfo } from '../shared/model/errors';
import { generateDemoBuild } from '../electron/services/workspace/demo/write-demo';

/** Runs the script; returns the exit code (0 ok, 2 bad usage or failure). */
export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { seed: { type: 'string' } },
    });
    if (positionals.length !== 1) {
      out('Usage: npx tsx scripts/make-demo.ts OUTDIR [--seed N]\n');
      return 2;
    }
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) {
      out('make-demo: --seed must be an integer\n');
      return 2;
    }
    const info = await generateDemoBuild(path.resolve(positionals[0] ?? ''), seed);
    out(
      `Demo build written to ${info.dir}: ${info.tasks} tasks (run 1 ran ${info.ranRun1}, run 2 ran ${info.ranRun2}), ` +
        `${info.sigdataFiles} sigdata, ${info.sstateObjects} sstate objects, ${info.depsigFiles} depsig files, ` +
        `hashserv.db ${info.hashservUnihashes} unihashes / ${info.hashservOuthashes} outhashes, ` +
        `bb_unihashes.dat ${info.unihashCacheEntries} entries\n`,
    );
    return 0;
  } catch (err) {
    out(`make-demo: ${formatErrorInfo(toErrorInfo(err))}\n`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
