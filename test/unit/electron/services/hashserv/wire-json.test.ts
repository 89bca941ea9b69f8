import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, encodeMessage } from '../../../../../electron/services/hashserv/wire-json';
import { parseNetrc, netrcCredentials } from '../../../../../electron/services/hashserv/netrc';
import { parseAddress } from '../../../../../electron/services/hashserv/address';

/** What the Python reader does: rstrip every line, join the chunks, parse. */
function pythonReceive(lines: string[]): unknown {
  const stripped = lines.map((l) => l.replace(/\s+$/, ''));
  if (stripped.length === 1) return JSON.parse(stripped[0] as string);
  expect(stripped[0]).toBe('{"chunk-stream":null}');
  const end = stripped.indexOf('', 1);
  expect(end).toBe(stripped.length - 1); // no chunk may look like the terminating empty line
  return JSON.parse(stripped.slice(1, end).join(''));
}

describe('chunked messages survive the Python reader', () => {
  it('a message under 32767 characters is one line; from 32767 on it is chunked in 32767-character slices', () => {
    expect(encodeMessage({ a: 'x'.repeat(100) }, true)).toHaveLength(1);
    const lines = encodeMessage({ a: 'x'.repeat(40_000) }, true);
    expect(lines[0]).toBe('{"chunk-stream":null}');
    expect(lines[1]).toHaveLength(CHUNK_SIZE);
    expect(lines[lines.length - 1]).toBe('');
    expect(encodeMessage({ a: 'x'.repeat(40_000) }, false)).toHaveLength(1); // WebSocket: never chunked
  });

  it('any text (spaces at chunk ends, non-ASCII, backslashes) round-trips through rstrip()', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(' ', 'a', '\\', '"', 'é', '\n', '\t', '😀'),
          minLength: 33_000,
          maxLength: 70_000,
        }),
        (s) => {
          const lines = encodeMessage({ report: { outhash_siginfo: s } }, true);
          expect(lines.every((l) => /^[\x20-\x7e]*$/.test(l))).toBe(true);
          expect(pythonReceive(lines)).toEqual({ report: { outhash_siginfo: s } });
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('.netrc and addresses', () => {
  it('machine = the whole address, default entry, quoted values, macdef skipped', () => {
    const entries = parseNetrc(
      'machine wss://hs.example.com:443 login ci password "tok en"\nmacdef init\n  cd /tmp\n\nmachine x login a password b\ndefault login anon password p\n',
    );
    expect(netrcCredentials(entries, 'wss://hs.example.com:443')).toEqual({
      username: 'ci',
      token: 'tok en',
    });
    expect(netrcCredentials(entries, 'other:1')).toEqual({ username: 'anon', token: 'p' });
    expect(netrcCredentials(entries, 'x', 'someone-else')).toBeUndefined();
  });

  it('every address form of the spec', () => {
    expect(parseAddress('localhost:8686')).toMatchObject({ kind: 'tcp', host: 'localhost', port: 8686 });
    expect(parseAddress(':8686')).toMatchObject({ kind: 'tcp', host: 'localhost', port: 8686 });
    expect(parseAddress('[::1]:8686')).toMatchObject({ kind: 'tcp', host: '::1', port: 8686 });
    expect(parseAddress('unix://./hashserve.sock')).toMatchObject({ kind: 'unix', path: './hashserve.sock' });
    expect(parseAddress('wss://hashserv.yoctoproject.org/ws')).toMatchObject({ kind: 'ws', secure: true });
    expect(parseAddress('http://localhost:8686')).toMatchObject({ kind: 'http', secure: false });
  });
});
