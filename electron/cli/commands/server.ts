import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import type { HashservClientOptions } from '../../services/hashserv/client';
import { resolveCredentials } from '../../services/hashserv/credentials';
import type { HashEquivClient } from '../../services/hashserv/hash-equiv-client';
import { HashservClient } from '../../services/hashserv/client';
import { openHashEquivClient } from '../../services/hashserv/open-client';
import { writeJson, type CliCommand, type CliIo } from '../command';
import { parseCliArgs } from '../parse-cli-args';

const USAGE = `Usage: hashequiv server ADDRESS ping|stats [--json]
       hashequiv server ADDRESS get METHOD TASKHASH [--all] [--json]
       hashequiv server ADDRESS get-outhash METHOD OUTHASH TASKHASH [--json]
       hashequiv server ADDRESS query METHOD [TASKHASH...|-] [--json]
       hashequiv server ADDRESS exists [UNIHASH...|-] [--json]

Asks a hash equivalence server (bitbake-hashserv) read-only questions. ADDRESS is HOST:PORT,
[IPV6]:PORT, unix://PATH, ws://HOST:PORT/PATH, wss://HOST:PORT/PATH, or http(s)://HOST:PORT for
the legacy 2019 HTTP server (get and query only).

  ping          is the server alive
  stats         the server's request statistics
  get           the unihash of METHOD TASKHASH (--all: the whole outhash row)
  get-outhash   the oldest report with OUTHASH
  query         unihash of every TASKHASH (arguments, or one per stdin line with -), pipelined;
                prints "TASKHASH UNIHASH" per input, "TASKHASH -" when unknown
  exists        whether the server knows each UNIHASH; prints "UNIHASH true|false"

Options:
  --login USER   log in as USER; the token comes from $HASHEQUIV_TOKEN (or $BB_HASHSERVE_PASSWORD)
                 or from ~/.netrc ("machine ADDRESS login USER password TOKEN")
  --no-netrc     do not log in from ~/.netrc automatically
  --ca FILE      extra CA certificate (PEM) to trust for wss:// and https://
  --timeout MS   reply timeout (default 30000)
  --json         JSON output:
                   ping {alive}; stats {requests: {num, total_time, max_time, average, stdev}};
                   get {taskhash, method, unihash} | null (--all: the row, see the README);
                   get-outhash the row | null;
                   query [{method, taskhash, unihash: string|null}];
                   exists [{unihash, exists: boolean}]

Exit status: 0 answered, 2 bad usage or the server failed (one line on stderr).
`;

/** The shared connection options of the server and sync commands. */
export const SERVER_OPTIONS = {
  json: { type: 'boolean' },
  login: { type: 'string' },
  'no-netrc': { type: 'boolean' },
  ca: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Opens a client for ADDRESS with the login, CA and timeout options of the command line. */
export function clientFromArgs(
  address: string,
  values: {
    login?: string | undefined;
    'no-netrc'?: boolean | undefined;
    ca?: string | undefined;
    timeout?: string | undefined;
  },
  io: CliIo,
  extra: HashservClientOptions = {},
): HashEquivClient {
  const opts: HashservClientOptions = { ...extra };
  if (values.timeout !== undefined) {
    const ms = Number(values.timeout);
    if (!Number.isInteger(ms) || ms <= 0)
      throw new InspectorError('INVALID_INPUT', `--timeout must be a positive number of ms`);
    opts.replyTimeoutMs = ms;
    opts.connectTimeoutMs = ms;
  }
  if (values.ca !== undefined) opts.caFile = values.ca;
  const creds = resolveCredentials(address, io.env, {
    ...(values.login !== undefined ? { login: values.login } : {}),
    ...(values['no-netrc'] ? { noNetrc: true } : {}),
  });
  if (creds) opts.credentials = creds;
  // A relative unix:// path is relative to the caller's directory, not the process's.
  const resolved =
    address.startsWith('unix://') && !path.isAbsolute(address.slice(7))
      ? `unix://${path.resolve(io.cwd, address.slice(7))}`
      : address;
  return openHashEquivClient(resolved, opts);
}

/** Arguments, or stdin lines when the only argument is `-`. */
async function inputs(args: string[], io: CliIo, what: string): Promise<string[]> {
  if (!(args.length === 1 && args[0] === '-')) return args;
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const lines = Buffer.concat(chunks).toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, i) => {
    const v = l.trim();
    if (v === '' || /\s/.test(v)) {
      throw new InspectorError('INVALID_INPUT', `expected one ${what} per line`, {
        file: '<stdin>',
        line: i + 1,
      });
    }
    return v;
  });
}

function need(args: string[], n: number, shape: string): void {
  if (args.length !== n) throw new InspectorError('INVALID_INPUT', `expected: ${shape} (see --help)`);
}

/** `hashequiv server ADDRESS ...`: read-only questions to a hash equivalence server. */
export const serverCommand: CliCommand = {
  name: 'server',
  summary: 'Ask a hash equivalence server: ping, stats, get, get-outhash, bulk query and exists',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { ...SERVER_OPTIONS, all: { type: 'boolean' } });
    const [address, sub, ...rest] = positionals;
    if (!address || !sub)
      throw new InspectorError('INVALID_INPUT', 'expected ADDRESS and a sub-command (see --help)');
    const client = clientFromArgs(address, values, io);
    const json = values.json === true;
    try {
      switch (sub) {
        case 'ping': {
          need(rest, 0, 'ping');
          const r = await streamOnly(client, 'ping').ping();
          if (json) writeJson(io, r);
          else io.stdout.write(r.alive ? 'alive\n' : 'not alive\n');
          return 0;
        }
        case 'stats': {
          need(rest, 0, 'stats');
          const r = await streamOnly(client, 'stats').getStats();
          if (json) writeJson(io, r);
          else for (const [k, v] of Object.entries(r.requests)) io.stdout.write(`${k}: ${v}\n`);
          return 0;
        }
        case 'get': {
          need(rest, 2, 'get METHOD TASKHASH');
          const [method, taskhash] = rest as [string, string];
          const r = values.all
            ? await streamOnly(client, 'get --all').getAll(method, taskhash)
            : await client.get(method, taskhash);
          if (json) writeJson(io, r);
          else if (r === null) io.stdout.write('-\n');
          else if (values.all) for (const [k, v] of Object.entries(r)) io.stdout.write(`${k}: ${v}\n`);
          else io.stdout.write(`${r.unihash}\n`);
          return 0;
        }
        case 'get-outhash': {
          need(rest, 3, 'get-outhash METHOD OUTHASH TASKHASH');
          const [method, outhash, taskhash] = rest as [string, string, string];
          const r = await client.getOuthash(method, outhash, taskhash);
          if (json) writeJson(io, r);
          else if (r === null) io.stdout.write('-\n');
          else for (const [k, v] of Object.entries(r)) io.stdout.write(`${k}: ${v}\n`);
          return 0;
        }
        case 'query': {
          const [method, ...hashArgs] = rest;
          if (!method) throw new InspectorError('INVALID_INPUT', 'expected: query METHOD [TASKHASH...|-]');
          const taskhashes = await inputs(hashArgs, io, 'taskhash');
          const answers = await client.lookupTaskhashes(taskhashes.map((taskhash) => ({ method, taskhash })));
          if (json)
            writeJson(
              io,
              taskhashes.map((taskhash, i) => ({ method, taskhash, unihash: answers[i] ?? null })),
            );
          else io.stdout.write(taskhashes.map((t, i) => `${t} ${answers[i] ?? '-'}\n`).join(''));
          return 0;
        }
        case 'exists': {
          const unihashes = await inputs(rest, io, 'unihash');
          const answers = await client.unihashesExist(unihashes);
          if (json)
            writeJson(
              io,
              unihashes.map((unihash, i) => ({ unihash, exists: answers[i] === true })),
            );
          else io.stdout.write(unihashes.map((u, i) => `${u} ${answers[i] === true}\n`).join(''));
          return 0;
        }
        default:
          throw new InspectorError('INVALID_INPUT', `unknown sub-command '${sub}' (see --help)`);
      }
    } finally {
      client.close();
    }
  },
};

/** Commands the legacy HTTP API does not have. */
function streamOnly(client: HashEquivClient, what: string): HashservClient {
  if (client instanceof HashservClient) return client;
  throw new InspectorError(
    'UNSUPPORTED',
    `'${what}' is not available on the legacy HTTP server ${client.address.text}`,
  );
}
