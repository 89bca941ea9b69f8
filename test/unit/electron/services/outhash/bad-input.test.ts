import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  computeOuthashFromArchive,
  computeOuthashFromDirectory,
  type OuthashParams,
} from '../../../../../electron/services/outhash/compute';
import { VECTORS } from '../../../../helpers/paths';
import { snapshotTree } from '../../../../helpers/tree-snapshot';
import { paxMember, tarArchive, tarMember } from './tar-builder';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'outhash-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const P: OuthashParams = {
  task: 'populate_sysroot',
  pkgspec: 'sstate:x:',
  hashVersion: '18',
  extraSigdata: null,
  sourceDateEpoch: null,
  underPseudo: true,
  filemap: null,
};

function file(name: string, data: Buffer): string {
  const p = path.join(tmp, name);
  writeFileSync(p, data);
  return p;
}

const basic = readFileSync(path.join(VECTORS, 'outhash/file-sizes/tree.tar.zst'));

describe('outhash: bad input gives clear errors, writes nothing, never hangs', () => {
  it('a truncated archive is TRUNCATED with the file and offset', async () => {
    const before = snapshotTree(tmp);
    const f = file('trunc.tar.zst', basic.subarray(0, Math.floor(basic.length / 2)));
    await expect(computeOuthashFromArchive(f, P)).rejects.toMatchObject({
      code: 'TRUNCATED',
      where: { file: f },
    });
    const after = snapshotTree(tmp);
    after.delete('trunc.tar.zst');
    expect(after).toEqual(before);
  });

  it('a corrupt zstd frame is BAD_FORMAT', async () => {
    const bad = Buffer.from(basic);
    for (let i = 40; i < 80; i++) bad[i] = (bad[i] as number) ^ 0x5a;
    const f = file('corrupt.tar.zst', bad);
    await expect(computeOuthashFromArchive(f, P)).rejects.toMatchObject({
      code: 'BAD_FORMAT',
      where: { file: f },
    });
  });

  it('a tar member named ../x or /etc/passwd is UNSAFE_CONTENT', async () => {
    const up = file('up.tar', tarArchive([tarMember({ name: '../x', data: Buffer.from('a') })]));
    await expect(computeOuthashFromArchive(up, P)).rejects.toMatchObject({
      code: 'UNSAFE_CONTENT',
      where: { entry: '../x' },
    });
    const abs = file('abs.tar', tarArchive([tarMember({ name: '/etc/passwd', data: Buffer.from('a') })]));
    await expect(computeOuthashFromArchive(abs, P)).rejects.toMatchObject({
      code: 'UNSAFE_CONTENT',
      where: { offset: 0 },
    });
    const hl = file(
      'hl.tar',
      tarArchive([tarMember({ name: 'a', type: '1', linkname: '../../etc/shadow' })]),
    );
    await expect(computeOuthashFromArchive(hl, P)).rejects.toMatchObject({ code: 'UNSAFE_CONTENT' });
  });

  it('a tar header with a bad checksum is BAD_FORMAT; a missing end marker is TRUNCATED', async () => {
    const t = tarArchive([tarMember({ name: 'a', data: Buffer.from('x') })]);
    t[0] = 0x62; // 'b': checksum no longer matches
    await expect(computeOuthashFromArchive(file('sum.tar', t), P)).rejects.toMatchObject({
      code: 'BAD_FORMAT',
      where: { offset: 0 },
    });
    const noEnd = tarMember({ name: 'a', data: Buffer.from('x') });
    await expect(computeOuthashFromArchive(file('noend.tar', noEnd), P)).rejects.toMatchObject({
      code: 'TRUNCATED',
    });
  });

  it('a symlink loop in a directory is an ordinary l line (as os.walk sees it), not a hang', async () => {
    const d = path.join(tmp, 'loop');
    mkdirSync(d);
    symlinkSync('b', path.join(d, 'a'));
    symlinkSync('a', path.join(d, 'b'));
    symlinkSync('.', path.join(d, 'self'));
    const r = await computeOuthashFromDirectory(d, { ...P, underPseudo: false });
    const lines = r.sigtext
      .split('\n')
      .slice(4, -1)
      .map((l) => l.replace(/ +/g, ' '));
    expect(lines).toEqual(['drwx .', 'lrwx ./a -> b', 'lrwx ./b -> a', 'lrwx ./self -> .']);
  });

  it('a non-UTF-8 file name: BitBake cannot encode it, so there is no outhash (UNSUPPORTED)', async () => {
    const d = path.join(tmp, 'latin1');
    mkdirSync(d);
    writeFileSync(Buffer.from(path.join(d, 'caf\xe9'), 'latin1'), 'x');
    await expect(computeOuthashFromDirectory(d, P)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/not valid UTF-8.*BitBake/),
      where: { entry: '636166e9' },
    });
    const t = tarMember({ name: 'x', data: Buffer.from('a') });
    t.write('\xe9', 0, 'latin1');
    t.fill(' ', 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += t[i] as number;
    t.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    await expect(computeOuthashFromArchive(file('latin1.tar', tarArchive([t])), P)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
  });

  const isRoot = process.getuid?.() === 0;
  if (isRoot) console.warn('unreadable-file test skipped: root reads files whatever their mode');
  it.skipIf(isRoot)('an unreadable file is PERMISSION_DENIED naming the file', async () => {
    const d = path.join(tmp, 'unreadable');
    mkdirSync(d);
    const f = path.join(d, 'secret');
    writeFileSync(f, 'x');
    chmodSync(f, 0);
    await expect(computeOuthashFromDirectory(d, P)).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      where: { file: f },
    });
  });

  it('a missing path is NOT_FOUND; a file given as directory is NOT_A_FILE', async () => {
    await expect(computeOuthashFromDirectory(path.join(tmp, 'nope'), P)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(computeOuthashFromDirectory(file('plain', Buffer.from('x')), P)).rejects.toMatchObject({
      code: 'NOT_A_FILE',
    });
    await expect(computeOuthashFromArchive(tmp, P)).rejects.toMatchObject({ code: 'NOT_A_FILE' });
  });

  it('a cancelled job stops with CANCELLED', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(computeOuthashFromDirectory(tmp, P, { signal: ac.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    await expect(
      computeOuthashFromArchive(path.join(VECTORS, 'outhash/file-sizes/tree.tar.zst'), P, {
        signal: ac.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('outhash archives: formats and tar variants', () => {
  const expected = readFileSync(path.join(VECTORS, 'outhash/file-sizes/expected.sig'), 'utf8');
  const params: OuthashParams = {
    ...P,
    pkgspec: expected.split('\n')[2]!.slice(15),
    underPseudo: false,
    root: { mode: 0o755, user: 'root', group: 'root', mtime: 0 },
  };
  const plainTar = execFileSync('zstd', ['-dc', path.join(VECTORS, 'outhash/file-sizes/tree.tar.zst')], {
    maxBuffer: 64 << 20,
  });

  it('reads legacy .tgz, plain .tar, and multi-frame zstd (frames and skippable frames as pzstd writes)', async () => {
    const tgz = file('legacy.tgz', gzipSync(plainTar));
    expect((await computeOuthashFromArchive(tgz, params)).sigtext).toBe(expected);
    expect((await computeOuthashFromArchive(file('plain.tar', plainTar), params)).sigtext).toBe(expected);
    const third = Math.floor(plainTar.length / 3);
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4]);
    const multi = Buffer.concat([
      skippable,
      zstdCompressSync(plainTar.subarray(0, third)),
      skippable,
      zstdCompressSync(plainTar.subarray(third, 2 * third)),
      zstdCompressSync(plainTar.subarray(2 * third)),
    ]);
    const r = await computeOuthashFromArchive(file('multi.tar.zst', multi), params);
    expect(r.sigtext).toBe(expected);
  });

  it('applies PAX uid/gid/uname/gname/mtime overrides (which tar-stream would ignore)', async () => {
    const t = tarArchive([
      paxMember(
        { uname: 'daemon', gname: 'bin', mtime: '1600000000.75', path: 'long-pax-name' },
        { name: 'short', data: Buffer.from('hi\n') },
      ),
    ]);
    const r = await computeOuthashFromArchive(file('pax.tar', t), {
      ...params,
      task: 'package',
      sourceDateEpoch: '1700000000',
      underPseudo: true,
    });
    expect(r.sigtext.split('\n')[4]).toBe(
      '-rw-r--r--     daemon        bin 1600000000                    3 98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4 ./long-pax-name',
    );
  });
});
