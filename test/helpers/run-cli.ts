import { PassThrough, Readable } from 'node:stream';
import { main } from '../../electron/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws with the text when it is not JSON). */
  json<T = unknown>(): T;
}

/** Runs `hashequiv ...args` in-process, capturing its output. */
export async function runCli(
  args: string[],
  opts: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  out.on('data', (c: Buffer) => outChunks.push(c));
  err.on('data', (c: Buffer) => errChunks.push(c));
  const code = await main(args, {
    stdout: out,
    stderr: err,
    stdin: Readable.from(opts.stdin !== undefined ? [opts.stdin] : []),
    env: opts.env ?? process.env,
    cwd: opts.cwd ?? process.cwd(),
  });
  const stdout = Buffer.concat(outChunks).toString('utf8');
  const stderr = Buffer.concat(errChunks).toString('utf8');
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}
