// node:sqlite prints an ExperimentalWarning on Node 22; silence exactly that one, keep all others.
// The filter must be in place before any module that loads node:sqlite is evaluated, and static
// imports are hoisted above this code, so the CLI itself is imported dynamically below.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (/SQLite is an experimental feature/.test(text)) return;
  (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

// A module (for top-level await); it exports nothing.
export {};

const { main } = await import('./main');
main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`hashequiv: internal error: ${String(err)}\n`);
    process.exitCode = 70;
  },
);
