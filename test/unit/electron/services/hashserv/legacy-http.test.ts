import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../helpers/paths';
import { startLegacyFakeServer, type LegacyFakeServer } from '../../../../fake-server/legacy-http-server';
import { openHashEquivClient } from '../../../../../electron/services/hashserv/open-client';
import { LegacyHttpClient } from '../../../../../electron/services/hashserv/legacy-http-client';
import { syncWithServer } from '../../../../../electron/services/hashserv/sync';

const M = 'oe.sstatesig.OEOuthashBasic';
const A = 'a'.repeat(64);
const C = 'c'.repeat(64);
const OUT = 'b'.repeat(64);

/** The response bodies of the real 2019 session, in order (after each blank line). */
function capturedBodies(): string[] {
  const text = readFileSync(path.join(FIXTURES, 'wire/legacy-http-session.txt'), 'utf8');
  return text
    .split('### ')
    .slice(1)
    .map((block) => block.split('\n\n')[1]?.split('\n')[0] ?? '');
}

describe('legacy 2019 HTTP API (/v1/equivalent)', () => {
  let server: LegacyFakeServer;
  beforeAll(async () => {
    server = await startLegacyFakeServer();
  });
  afterAll(async () => server.close());

  it('replays the real session: GET unknown, POST, POST equivalent, GET known — same bodies', async () => {
    const bodies = capturedBodies();
    const client = openHashEquivClient(server.address);
    expect(client).toBeInstanceOf(LegacyHttpClient);
    expect(await client.get(M, A)).toBeNull();
    expect(bodies[0]).toBe('null');
    const r1 = await client.report({ taskhash: A, method: M, outhash: OUT, unihash: A, owner: 'me' });
    expect(r1).toEqual(JSON.parse(bodies[1] as string));
    const r2 = await client.report({ taskhash: C, method: M, outhash: OUT, unihash: C, owner: 'me' });
    expect(r2).toEqual(JSON.parse(bodies[2] as string));
    expect(await client.get(M, C)).toEqual(JSON.parse(bodies[3] as string));
  });

  it('the raw bodies are byte-identical to the capture (Python JSON)', async () => {
    const bodies = capturedBodies();
    const res = await fetch(`${server.address}/v1/equivalent?method=${M}&taskhash=${C}`);
    expect(await res.text()).toBe(bodies[3]);
    const missing = await fetch(`${server.address}/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain(
      '<p>Error code explanation: 404 - Nothing matches the given URI.</p>',
    );
  });

  it('bulk look-ups and sync work without stream mode; exists is UNSUPPORTED', async () => {
    const client = openHashEquivClient(server.address);
    expect(
      await client.lookupTaskhashes([
        { method: M, taskhash: C },
        { method: M, taskhash: OUT },
      ]),
    ).toEqual([A, null]);
    await expect(client.unihashesExist([A])).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const r = await syncWithServer(client, [
      { key: 'a:do_x', method: M, taskhash: C, unihash: A },
      { key: 'b:do_x', method: M, taskhash: OUT, unihash: OUT },
    ]);
    expect(r.tasks.map((t) => t.status)).toEqual(['same', 'unknown']);
    expect(r.tasks[0]).not.toHaveProperty('localUnihashOnServer');
  });

  it('a wrong prefix is a PROTOCOL error (404), a stream server address is not HTTP', async () => {
    const client = openHashEquivClient(`${server.address}/wrong`);
    await expect(client.get(M, A)).rejects.toMatchObject({
      code: 'PROTOCOL',
      message: expect.stringContaining('404'),
    });
  });
});
