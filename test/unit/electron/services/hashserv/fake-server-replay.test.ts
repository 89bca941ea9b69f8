import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../helpers/paths';
import { readCapture, type CaptureEvent } from '../../../../fake-server/capture';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server';

const CAPTURE = path.join(FIXTURES, 'wire/hashserv-session.txt');

/** Reads a socket as lines (with their `\n`) and reports the close, for exact comparison. */
class LineReader {
  private buf = '';
  private lines: string[] = [];
  private closed = false;
  private wake: (() => void) | undefined;
  constructor(socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        this.lines.push(this.buf.slice(0, nl + 1));
        this.buf = this.buf.slice(nl + 1);
      }
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }
  /** The next line, or null when the server closed (with no partial line left). */
  async next(): Promise<string | null> {
    for (;;) {
      const l = this.lines.shift();
      if (l !== undefined) return l;
      if (this.closed) return this.buf === '' ? null : `<partial ${this.buf}>`;
      await new Promise<void>((r) => (this.wake = r));
    }
  }
}

/**
 * The stats reply carries the real server's timings: compare its shape and `num` exactly, and
 * the timings only as non-negative numbers.
 */
function normalizeStats(line: string): string {
  return line.replace(/("(total_time|max_time|average|stdev)": )[0-9.e+-]+/g, '$1T');
}

describe('fake server replays the captured real session byte for byte', () => {
  let server: FakeServer;
  const events = readCapture(CAPTURE);

  beforeAll(async () => {
    server = await startFakeServer({ transport: 'tcp', copyDb: path.join(FIXTURES, 'hashserv.db') });
  });
  afterAll(async () => server.close());

  it('the capture has the three documented connections', () => {
    expect(new Set(events.map((e) => e.conn))).toEqual(new Set([1, 2, 3]));
    expect(events.filter((e) => e.from === 'S' && e.data !== null)).toHaveLength(16);
  });

  for (const conn of [1, 2, 3]) {
    it(`connection #${conn}: every server line equals the capture`, async () => {
      const [host, port] = server.address.split(':') as [string, string];
      const socket = net.connect({ host, port: Number(port) });
      await new Promise<void>((r) => socket.once('connect', () => r()));
      const reader = new LineReader(socket);
      const mine: CaptureEvent[] = events.filter((e) => e.conn === conn);
      let compared = 0;
      for (const e of mine) {
        if (e.from === 'C') {
          if (e.data === null) socket.end();
          else socket.write(Buffer.from(e.data, 'latin1'));
          continue;
        }
        if (e.data === null) {
          // `S> <closed>` after the client closed is the server noticing; before it, a real close.
          const clientClosedFirst = mine.some((c) => c.from === 'C' && c.data === null && c.line < e.line);
          if (!clientClosedFirst) expect(await reader.next(), `capture line ${e.line}`).toBeNull();
          continue;
        }
        const got = await reader.next();
        expect(got, `capture line ${e.line}`).not.toBeNull();
        if (e.data.startsWith('{"requests": ')) {
          expect(normalizeStats(got as string), `capture line ${e.line}`).toBe(normalizeStats(e.data));
        } else {
          expect(got, `capture line ${e.line}`).toBe(e.data);
        }
        compared++;
      }
      socket.destroy();
      expect(compared).toBe(mine.filter((e) => e.from === 'S' && e.data !== null).length);
    });
  }

  it('the reports of the capture were stored in the temp database', () => {
    const r = server.store.db
      .prepare('SELECT unihash FROM unihashes_v3 WHERE taskhash=?')
      .get('32ed6592777f3e37934ee4618b2caed83cd4efcc295306ad0f213442e9884f24') as { unihash: string };
    expect(r.unihash).toBe('b6723f51ec8c561bc16eb2f59455ad801d21acb00e007c211533e03cbcb41df0');
    expect(server.store.tableRows().outhashes_v2?.rows).toBe(53);
  });
});
