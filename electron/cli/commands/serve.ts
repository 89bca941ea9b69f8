import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InspectorError, formatErrorInfo } from '../../../shared/model/errors';
import { createApi, createDefaultEngine, type ApiHost, type Engine } from '../../services/api';
import { appInfo } from '../../services/api/app-info';
import { isLoopbackHost } from '../../server/request-guard';
import { findRendererDir } from '../../server/static-files';
import { startWebServer, type WebServer } from '../../server/web-server';
import type { CliCommand, CliIo } from '../command';

const USAGE = `Usage: hashequiv serve [PATH…] [--port N] [--host 127.0.0.1] [--no-open] [--demo]

Web mode: serves the inspector's user interface and API over HTTP + WebSocket, for a browser
(on a build server, reach it through an SSH tunnel: ssh -L 8080:127.0.0.1:8080 host).
The first line of output is the URL to open, with the session token:
  http://127.0.0.1:PORT/?token=…
Every request needs that token; requests naming another Host or Origin are refused.

  PATH…          build directories, caches or files to open at start (one workspace)
  --demo         open the bundled demo build at start
  --port N       port to listen on (default: any free port)
  --host H       interface to bind (default 127.0.0.1; anything else is reachable from the
                 network and prints a warning)
  --no-open      do not try to open a browser
  --static DIR   serve the user interface from DIR (default: the built dist/renderer)

Stops on Ctrl-C.`;

/** A started `serve`: the server, the API behind it, and the start-up opening of workspaces. */
export interface ServeHandle {
  server: WebServer;
  api: ApiHost;
  /** Resolves when the PATH… / --demo workspace is open (or failed: reported on stderr). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Starts serving as the arguments say (exported for tests, which pass their own engine). */
export async function startServe(
  args: string[],
  io: CliIo,
  deps: { engine?: Engine } = {},
): Promise<ServeHandle> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-open': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      static: { type: 'string' },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InspectorError(
      'INVALID_INPUT',
      `--port must be a number from 0 to 65535, not '${values.port}'`,
    );
  }
  const host = values.host;
  const staticDir = values.static !== undefined ? path.resolve(io.cwd, values.static) : findRendererDir();
  const api = createApi({
    engine: deps.engine ?? createDefaultEngine(),
    app: appInfo('web'),
    log: (line) => io.stderr.write(line + '\n'),
  });
  let server: WebServer;
  try {
    server = await startWebServer({ api, host, port, staticDir });
  } catch (err) {
    api.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      throw new InspectorError('CONNECTION', `Port ${port} is already in use on ${host}`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND')
      throw new InspectorError('CONNECTION', `Cannot bind to ${host}`);
    throw err;
  }
  // The first line of stdout is the URL: scripts and tests read it.
  io.stdout.write(server.url + '\n');
  if (!isLoopbackHost(host)) {
    io.stderr.write(
      `warning: listening on ${host}, reachable from the network. Anyone with the token can read every file this ` +
        `user can read. Prefer the default 127.0.0.1 and an SSH tunnel (ssh -L ${server.port}:127.0.0.1:${server.port} …).\n`,
    );
  }
  if (!staticDir)
    io.stderr.write('note: the user interface is not built (npm run build:renderer); the API works.\n');
  if (!values['no-open']) openBrowser(server.url, io);

  const paths = positionals.map((p) => path.resolve(io.cwd, p));
  const ready = (async () => {
    if (!values.demo && paths.length === 0) return;
    const [method, input] = values.demo
      ? (['workspace.openDemo', { jobId: 'startup' }] as const)
      : (['workspace.open', { paths, jobId: 'startup' }] as const);
    const r = await api.dispatch(method, input, { caller: 'serve' });
    if (r.ok) io.stderr.write(`opened ${values.demo ? 'the demo build' : paths.join(', ')}\n`);
    else
      io.stderr.write(
        `hashequiv serve: could not open ${values.demo ? 'the demo build' : paths.join(', ')}: ${formatErrorInfo(r.error)}\n`,
      );
  })();

  return {
    server,
    api,
    ready,
    async close() {
      await server.close();
      api.close();
    },
  };
}

/** Opens the URL in a browser when this session has a display; silent otherwise (SSH). */
function openBrowser(url: string, io: CliIo): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(io.env.DISPLAY || io.env.WAYLAND_DISPLAY);
  if (!hasDisplay || io.env.CI) return;
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () =>
      io.stderr.write(`note: could not start a browser; open the URL above yourself.\n`),
    );
    child.unref();
  } catch {
    io.stderr.write('note: could not start a browser; open the URL above yourself.\n');
  }
}

/** `hashequiv serve`. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Web mode: serve the UI and API over HTTP for a browser (prints the URL with its token)',
  usage: USAGE,
  async run(args, io) {
    const handle = await startServe(args, io);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await handle.close();
    return 0;
  },
};
