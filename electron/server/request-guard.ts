/**
 * The web server's gatekeeping, as pure functions: which Host names are ours (DNS rebinding),
 * whether an Origin is our own (CSRF, cross-site WebSocket), and where a request's token is.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces, hostname as osHostname } from 'node:os';

/** Names that always mean this machine. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The host names a request may address us by. Loopback names always (an SSH tunnel may use any
 * local port, so ports are not checked: rebinding attacks differ in the name, not the port);
 * for a non-loopback bind, the bind name itself, and for a wildcard bind this machine's name and
 * addresses.
 */
export function allowedHostnames(bindHost: string): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const h = bindHost.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === '0.0.0.0' || h === '::') {
    names.add(osHostname().toLowerCase());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(a.address.toLowerCase());
  } else {
    names.add(h);
  }
  return names;
}

/** The host name of a Host header (`[::1]:8080` -> `::1`), lowercased; null when malformed. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(hostHeader.trim());
  if (!m?.[1]) return null;
  return m[1].replace(/^\[|\]$/g, '').toLowerCase();
}

/** Why a request is refused before its token is looked at, or null when Host and Origin are ours. */
export function checkHostAndOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): string | null {
  const host = req.headers.host;
  const name = hostnameOf(host);
  if (name === null || !allowed.has(name)) return `Host '${host ?? ''}' is not this server`;
  const origin = req.headers.origin;
  // Browsers send Origin on every cross-origin request, POST and WebSocket; scripts send none.
  if (origin !== undefined && origin !== `http://${host}`) return `Origin '${origin}' is not this server`;
  return null;
}

/** Name of the session cookie; per port, because cookies ignore ports and two servers may run. */
export function tokenCookieName(port: number): string {
  return `hashequiv_token_${port}`;
}

/** Where a request carries the token: `Authorization: Bearer`, the session cookie, or `?token=`. */
export function requestToken(
  req: IncomingMessage,
  url: URL,
  port: number,
): { token: string; via: 'header' | 'cookie' | 'query' } | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), via: 'header' };
  const cookieName = tokenCookieName(port);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === cookieName) return { token: decodeURIComponent(v.join('=')), via: 'cookie' };
  }
  const q = url.searchParams.get('token');
  return q ? { token: q, via: 'query' } : null;
}

/** Constant-time token comparison. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
