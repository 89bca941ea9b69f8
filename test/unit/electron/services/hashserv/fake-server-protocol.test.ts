import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../helpers/paths';
import {
  startFakeServer,
  type FakeServer,
  type FakeServerOptions,
} from '../../../../fake-server/fake-server';
import { pyDumps, pyFloatRepr, PyFloat } from '../../../../fake-server/py-json';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends raw lines and collects everything the server sends until it closes or `expectLines` arrive. */
async function exchange(
  opts: Partial<FakeServerOptions>,
  send: string,
  expectLines?: number,
): Promise<{ lines: string[]; closed: boolean }> {
  server = await startFakeServer({ transport: 'tcp', copyDb: path.join(FIXTURES, 'hashserv.db'), ...opts });
  const [host, port] = server.address.split(':') as [string, string];
  const socket = net.connect({ host, port: Number(port) });
  let data = '';
  return new Promise((resolve) => {
    const done = (closed: boolean): void => {
      socket.destroy();
      const lines = data.split('\n');
      lines.pop();
      resolve({ lines, closed });
    };
    socket.on('data', (d) => {
      data += d.toString('latin1');
      if (expectLines !== undefined && data.split('\n').length - 1 >= expectLines) done(false);
    });
    socket.on('close', () => done(true));
    socket.write(send);
  });
}

const HS = 'OEHASHEQUIV 1.1\nneeds-headers: false\n\n';

describe('the stand-in follows the protocol spec', () => {
  it('needs-headers: true is answered with an empty header block', async () => {
    const r = await exchange({}, 'OEHASHEQUIV 1.1\nneeds-headers: true\n\n{"ping": {}}\n', 2);
    expect(r.lines).toEqual(['', '{"alive": true}']);
  });

  it('a wrong protocol name or version closes without a word', async () => {
    expect(await exchange({}, 'OEHASHEQUIV 2.0\n\n{"ping": {}}\n')).toEqual({ lines: [], closed: true });
    expect(await exchange({}, 'OEHASHEQUIV 1.0\n\n{"ping": {}}\n')).toEqual({ lines: [], closed: true });
    expect(await exchange({}, 'HTTP/1.1 GET /\n\n')).toEqual({ lines: [], closed: true });
  });

  it('quirk: version 1.0.5 passes the (1,0) < v <= (1,1) check', async () => {
    expect((await exchange({}, 'OEHASHEQUIV 1.0.5\n\n{"ping": {}}\n', 1)).lines).toEqual(['{"alive": true}']);
  });

  it('a header line without ":" kills the connection', async () => {
    expect(await exchange({}, 'OEHASHEQUIV 1.1\nbroken header\n\n{"ping": {}}\n')).toEqual({
      lines: [],
      closed: true,
    });
  });

  it('unknown command, missing field, bad JSON: closed without a reply', async () => {
    expect(await exchange({}, `${HS}{"frobnicate": {}}\n`)).toEqual({ lines: [], closed: true });
    expect(await exchange({}, `${HS}{"get": {"method": "M"}}\n`)).toEqual({ lines: [], closed: true });
    expect(await exchange({}, `${HS}{not json\n`)).toEqual({ lines: [], closed: true });
  });

  it('a read-only server does not know the write commands', async () => {
    const r = await exchange({ readOnly: true }, `${HS}{"ping": {}}\n{"reset-stats": null}\n`);
    expect(r).toEqual({ lines: ['{"alive": true}'], closed: true });
  });

  it('an empty line ends stream mode with a bare ok', async () => {
    const r = await exchange({}, `${HS}{"exists-stream": null}\n${'f'.repeat(64)}\n\n{"ping": {}}\n`, 4);
    expect(r.lines).toEqual(['"ok"', 'false', 'ok', '{"alive": true}']);
  });

  it('a line longer than 64 KiB kills the connection', async () => {
    expect(await exchange({}, `${HS}${'x'.repeat(70 * 1024)}\n`)).toEqual({ lines: [], closed: true });
  });

  it('a failed login waits, then invoke-error and close', async () => {
    const r = await exchange(
      { authFailDelayMs: 20 },
      `${HS}{"auth": {"username": "admin", "token": "bad"}}\n`,
    );
    expect(r).toEqual({
      lines: ['{"invoke-error": {"message": "Unable to authenticate as admin"}}'],
      closed: true,
    });
  });
});

describe('Python-identical JSON', () => {
  it('separators, ASCII escapes and float repr', () => {
    expect(pyDumps({ a: [1, 'é\u007f'], b: null, c: new PyFloat(2), d: true })).toBe(
      '{"a": [1, "\\u00e9\\u007f"], "b": null, "c": 2.0, "d": true}',
    );
    expect([1e-5, 0.0001, 1e16, 123.456, 0.0017383240000299338].map(pyFloatRepr)).toEqual([
      '1e-05',
      '0.0001',
      '1e+16',
      '123.456',
      '0.0017383240000299338',
    ]);
  });
});
