import { InspectorError, formatErrorInfo, toErrorInfo } from '../../shared/model/errors';
import type { CliCommand, CliIo } from './command';

/** Exit codes: 0 ok, 1 the command found a problem in the data (e.g. mismatch), 2 bad usage or unreadable input. */
export const EXIT_USAGE = 2;

/**
 * Runs one command and turns any thrown error into one clear stderr line and a non-zero
 * exit code: the CLI never prints a stack trace for bad input.
 */
export async function runCommand(cmd: CliCommand, args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(cmd.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await cmd.run(args, io);
  } catch (err) {
    const info = toErrorInfo(err);
    const json = args.includes('--json');
    if (json) io.stderr.write(JSON.stringify({ error: info }) + '\n');
    else io.stderr.write(`hashequiv ${cmd.name}: ${formatErrorInfo(info)}\n`);
    if (!(err instanceof InspectorError) && process.env.HASHEQUIV_DEBUG)
      io.stderr.write(String((err as Error).stack) + '\n');
    return err instanceof InspectorError && err.code === 'INTERNAL' ? 70 : EXIT_USAGE;
  }
}
