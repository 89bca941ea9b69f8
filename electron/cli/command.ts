import type { Writable } from 'node:stream';

/** What a command gets to talk to the outside; tests pass in-memory streams. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** One `hashequiv <name>` sub-command. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  /** One line for `hashequiv --help`. */
  summary: string;
  /** Full usage text for `hashequiv <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Writes a value as stable, pretty JSON followed by a newline. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
