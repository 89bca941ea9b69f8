import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';

/** One `machine` (or `default`) entry of a .netrc file. */
export interface NetrcEntry {
  machine: string | null;
  login?: string;
  password?: string;
  account?: string;
}

/**
 * Parses .netrc text: whitespace-separated tokens `machine NAME`, `default`, `login`,
 * `password`, `account`, and `macdef NAME` whose body runs to the next empty line (skipped).
 * Values may be double-quoted with backslash escapes.
 */
export function parseNetrc(text: string, file = '.netrc'): NetrcEntry[] {
  const tokens: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*#/.test(line)) continue;
    let m: RegExpExecArray | null;
    re.lastIndex = 0;
    const lineTokens: string[] = [];
    while ((m = re.exec(line)) !== null)
      lineTokens.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] as string));
    if (lineTokens[0] === 'macdef') {
      while (i + 1 < lines.length && (lines[i + 1] as string).trim() !== '') i++;
      continue;
    }
    tokens.push(...lineTokens);
  }
  const entries: NetrcEntry[] = [];
  let cur: NetrcEntry | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === 'machine' || t === 'default') {
      cur = { machine: t === 'default' ? null : (tokens[++i] ?? '') };
      entries.push(cur);
    } else if (t === 'login' || t === 'password' || t === 'account') {
      if (!cur) throw new InspectorError('BAD_FORMAT', `'${t}' before any 'machine'`, { file });
      cur[t] = tokens[++i] ?? '';
    }
  }
  return entries;
}

/** Reads `$NETRC` or `~/.netrc`; no file means no entries. */
export function readNetrc(env: NodeJS.ProcessEnv): { file: string; entries: NetrcEntry[] } | undefined {
  const file = env.NETRC ?? (env.HOME ? path.join(env.HOME, '.netrc') : undefined);
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { file, entries: parseNetrc(text, file) };
}

/**
 * The login for a server as BitBake finds it: the entry whose `machine` is the whole address
 * string (e.g. `wss://hashserv.example.com:443`), else a `default` entry; optionally only with
 * the given login name.
 */
export function netrcCredentials(
  entries: readonly NetrcEntry[],
  address: string,
  login?: string,
): { username: string; token: string } | undefined {
  const fits = (e: NetrcEntry): boolean =>
    e.login !== undefined && e.password !== undefined && (login === undefined || e.login === login);
  const e =
    entries.find((x) => x.machine === address && fits(x)) ??
    entries.find((x) => x.machine === null && fits(x));
  return e ? { username: e.login as string, token: e.password as string } : undefined;
}
