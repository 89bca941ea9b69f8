import { InspectorError } from '../../../shared/model/errors';

/** A parsed hash equivalence server address: which transport, and where. */
export type ServerAddress =
  | { kind: 'tcp'; host: string; port: number; text: string }
  | { kind: 'unix'; path: string; text: string }
  | { kind: 'ws'; url: string; secure: boolean; text: string }
  | { kind: 'http'; url: string; secure: boolean; text: string };

/**
 * Why a `unix://` address cannot work when the engine runs on Windows, and what to do instead. The
 * socket lives on the build machine (or inside WSL), where Windows processes cannot connect to it;
 * OpenSSH forwards a local TCP port to a remote Unix socket. The Server view shows the same text
 * (renderer/features/server/unix-socket-hint.ts; a test keeps them equal).
 */
export function unixSocketOnWindowsMessage(socketPath: string): string {
  return (
    'unix sockets on the build machine are not reachable from Windows; forward it over SSH as TCP, ' +
    `e.g. ssh -N -L 8686:${socketPath} you@buildhost (or from WSL), then connect to localhost:8686`
  );
}

/** Options of parseAddress. */
export interface ParseAddressOptions {
  /** The engine's platform (process.platform); injectable so tests can play Windows. */
  platform?: NodeJS.Platform;
}

/**
 * Parses an address the way bitbake-hashserv does (spec §1): `unix://PATH`, `ws://…`/`wss://…`,
 * `[IPV6]:PORT`, `HOST:PORT`; plus `http(s)://HOST:PORT[/prefix]` for the legacy 2019 HTTP API.
 * On Windows a `unix://` address is refused with how to reach the server over TCP instead.
 */
export function parseAddress(text: string, options: ParseAddressOptions = {}): ServerAddress {
  const where = { entry: text };
  const bad = (why: string): never => {
    throw new InspectorError('INVALID_INPUT', `Bad server address '${text}': ${why}`, where);
  };
  if (text.startsWith('unix://')) {
    const p = text.slice('unix://'.length);
    if (!p) bad('empty socket path');
    if ((options.platform ?? process.platform) === 'win32')
      throw new InspectorError('UNSUPPORTED', unixSocketOnWindowsMessage(p), where);
    return { kind: 'unix', path: p, text };
  }
  if (/^wss?:\/\//.test(text) || /^https?:\/\//.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return bad('not a valid URL');
    }
    const secure = url.protocol === 'wss:' || url.protocol === 'https:';
    const kind = url.protocol.startsWith('ws') ? 'ws' : 'http';
    return { kind, url: text, secure, text };
  }
  const v6 = /^\[([^\]]*)\]:(\d+)$/.exec(text);
  if (v6) return { kind: 'tcp', host: v6[1] ?? '', port: checkPort(v6[2] ?? '', bad), text };
  const parts = text.split(':');
  if (parts.length !== 2) return bad('expected HOST:PORT, [IPV6]:PORT, unix://PATH, ws(s):// or http(s)://');
  const host = parts[0] || 'localhost';
  return { kind: 'tcp', host, port: checkPort(parts[1] ?? '', bad), text };
}

function checkPort(s: string, bad: (why: string) => never): number {
  if (!/^\d+$/.test(s)) return bad(`port '${s}' is not a number`);
  const n = Number(s);
  if (n < 1 || n > 65535) return bad(`port ${n} is out of range`);
  return n;
}
