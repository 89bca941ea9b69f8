import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../../../electron/services/hashserv/address';
import { InspectorError } from '../../../../../shared/model/errors';

describe('parseAddress on Windows', () => {
  it('refuses unix:// with how to forward the socket over SSH as TCP', () => {
    let err: unknown;
    try {
      parseAddress('unix:///home/me/build/hashserve.sock', { platform: 'win32' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InspectorError);
    const e = err as InspectorError;
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.where).toEqual({ entry: 'unix:///home/me/build/hashserve.sock' });
    expect(e.message).toBe(
      'unix sockets on the build machine are not reachable from Windows; forward it over SSH as TCP, ' +
        'e.g. ssh -N -L 8686:/home/me/build/hashserve.sock you@buildhost (or from WSL), then connect to localhost:8686',
    );
  });

  it('accepts unix:// on Linux and macOS, and TCP/WebSocket addresses on Windows', () => {
    for (const platform of ['linux', 'darwin'] as const)
      expect(parseAddress('unix://./hashserve.sock', { platform })).toEqual({
        kind: 'unix',
        path: './hashserve.sock',
        text: 'unix://./hashserve.sock',
      });
    expect(parseAddress('localhost:8686', { platform: 'win32' })).toMatchObject({ kind: 'tcp', port: 8686 });
    expect(parseAddress('wss://hashserv.yoctoproject.org/ws', { platform: 'win32' })).toMatchObject({
      kind: 'ws',
      secure: true,
    });
  });

  it('an empty socket path is still a bad address, on every platform', () => {
    expect(() => parseAddress('unix://', { platform: 'win32' })).toThrow(/empty socket path/);
  });
});
