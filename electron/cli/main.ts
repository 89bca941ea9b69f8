import { COMMANDS } from './commands/index';
import type { CliIo } from './command';
import { EXIT_USAGE, runCommand } from './run-command';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'hashequiv — inspect BitBake hash equivalence offline',
    '',
    'Usage: hashequiv <command> [options]   (hashequiv <command> --help for details)',
    '',
    'Commands:',
    ...lines,
    '',
    'Add --json to any command for stable machine-readable output.',
  ].join('\n');
}

/** Entry point shared by the bin script and the tests; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help() + '\n');
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version') {
    io.stdout.write(`${process.env.npm_package_version ?? '0.1.0'}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr.write(`hashequiv: unknown command '${name}'. Run 'hashequiv --help' for the list.\n`);
    return EXIT_USAGE;
  }
  return runCommand(cmd, rest, io);
}
