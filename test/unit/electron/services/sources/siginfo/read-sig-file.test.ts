import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InspectorError } from '../../../../../../shared/model/errors';
import { readSigFile } from '../../../../../../electron/services/sources/siginfo/read-sig-file';
import { FIXTURES, FIXTURE_BUILDDIR } from '../../../../../helpers/paths';

const MODERN = path.join(FIXTURES, 'siginfo/modern');
const LEGACY = path.join(FIXTURES, 'siginfo/legacy-pickle');
const modern = (prefix: string): string =>
  path.join(
    MODERN,
    readdirSync(MODERN).find((f) => f.startsWith(prefix))!,
  );
const legacy = (prefix: string): string =>
  path.join(
    LEGACY,
    readdirSync(LEGACY).find((f) => f.startsWith(prefix) && !f.endsWith('.txt'))!,
  );

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tempFile(name: string, bytes: Uint8Array | string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'hei-sig-'));
  temps.push(d);
  const f = path.join(d, name);
  writeFileSync(f, bytes);
  return f;
}

async function rejection(p: Promise<unknown>): Promise<InspectorError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InspectorError);
  return err as InspectorError;
}

/** Every sigdata file and sstate siginfo of the fixture build directory. */
function builddirSigFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && (/\.sig(base)?data\.[0-9a-f]{64}$/.test(e.name) || e.name.endsWith('.siginfo')))
        out.push(full);
    }
  };
  walk(FIXTURE_BUILDDIR);
  return out.sort();
}

describe('readSigFile on modern (zstd JSON) files', () => {
  it('reads zlib do_compile (run 2) with exact hashes and values', async () => {
    const sig = await readSigFile(modern('zlib-1.3.1.do_compile.sigdata.7190'));
    expect(sig.format).toBe('modern-zstd-json');
    expect(sig.data.task).toBe('do_compile');
    expect(sig.data.basehash).toBe('3fe2cfcac09b60ca3541075df7f42d8cbfe6e4e7e7847ce92324ebd652100d5f');
    expect(sig.computedBasehash).toBe(sig.data.basehash);
    expect(sig.computedTaskhash).toBe('71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d');
    expect([sig.basehashMatches, sig.taskhashMatches]).toEqual([true, true]);
    expect(sig.data.taskdeps).toEqual([
      'EXTRA_OEMAKE',
      'HEI_BINARIES',
      'PN',
      'PV',
      'ZLIB_CFLAGS',
      'hei_write',
    ]);
    expect(sig.data.gendeps.EXTRA_OEMAKE).toEqual(['ZLIB_CFLAGS']);
    expect(sig.data.varvals.ZLIB_CFLAGS).toBe('-O2 -pipe -fstack-protector-strong');
    expect(sig.data.runtaskdeps).toEqual(['zlib:do_configure']);
    expect(sig.data.runtaskhashes).toEqual({
      'zlib:do_configure': '0e660710c06596e3fbf1aedd12d533d3029e03d7d12a52d2be48195f794abb0d',
    });
    expect(sig.data.taskhashIgnoreTasks).toBeNull();
    expect(sig.data.basehashIgnoreVars).toHaveLength(27);
    expect(sig.data.basehashIgnoreVars.slice(0, 3)).toEqual(['B', 'BBFILES', 'BBPATH']);
    expect(sig.data.taint).toBeUndefined();
    expect(sig.nameHash).toBe('71908c8c53ab04380f873645a52d7306a4e903f6a4504cfc75a9e90e7e22a63d');
  });

  it('recomputes the hashes of each fixture file', async () => {
    const expected: Array<[string, string, string]> = [
      [
        'initscripts-1.0.do_prepare_recipe_sysroot.sigdata.8666',
        '9abe7bfb1c666d09745e0de3daa1b1d6d5d0fd544e0de79c8bfb8ed7aabf8d3e',
        '866684b00f5d6d414b4fafe47a8c728fd3f2169b4500e783cc935951976ed51c',
      ],
      [
        'initscripts-1.0.do_prepare_recipe_sysroot.sigdata.9195',
        '9abe7bfb1c666d09745e0de3daa1b1d6d5d0fd544e0de79c8bfb8ed7aabf8d3e',
        '9195073eedec096f621bdada5c9ca891e4f14bede38ed299d23cc441063da5b8',
      ],
      [
        'sstate:zlib:',
        '8c9a0653b271fde5ce11294de561560511dbda5c60c333850f295187659145b6',
        'ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
      ],
      [
        'zlib-1.3.1.do_compile.sigdata.f1fe',
        'fcdd92839ad12a994741a6670298b4ddac5f093f4ecc6ac0b4bc2c3adb98e6f1',
        'f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc',
      ],
      [
        'zlib-1.3.1.do_fetch.sigdata.8f0d',
        '82aa6b1a34bd49e95c87ef152d26e03ff500a7d7904b162efc9d2bacf28a47cf',
        '8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23',
      ],
    ];
    for (const [prefix, basehash, taskhash] of expected) {
      const sig = await readSigFile(modern(prefix));
      expect([sig.computedBasehash, sig.computedTaskhash, sig.basehashMatches, sig.taskhashMatches]).toEqual([
        basehash,
        taskhash,
        true,
        true,
      ]);
    }
  });

  it('reads the md5 file checksum of do_fetch', async () => {
    const sig = await readSigFile(modern('zlib-1.3.1.do_fetch'));
    expect(sig.data.fileChecksumValues).toEqual([
      ['ldflags-tests.patch', 'dd5da7a2fd10de4aab437d71187512f4'],
    ]);
    expect(sig.data.runtaskdeps).toEqual([]);
  });

  it('recomputes basehash and taskhash of all 149 sig files of the fixture build directory', async () => {
    const files = builddirSigFiles();
    expect(files).toHaveLength(149);
    expect(files.filter((f) => f.endsWith('.siginfo'))).toHaveLength(36);
    const bad: string[] = [];
    for (const f of files) {
      const sig = await readSigFile(f);
      if (!sig.basehashMatches || sig.taskhashMatches !== true) bad.push(f);
    }
    expect(bad).toEqual([]);
  });

  it('keeps the unihash of the name apart from a later taskhash inside', async () => {
    const f = path.join(
      FIXTURE_BUILDDIR,
      'tmp/stamps/core2-64-poky-linux/zlib/1.3.1.do_populate_sysroot.sigdata.ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913',
    );
    const sig = await readSigFile(f);
    expect(sig.nameHash).toBe('ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913');
    expect(sig.data.unihash).toBe('ec9e112e2aa04a4c1e30cd2945b90adf64d6bead1c3d122c4e488060647ed913');
    // Run 2 produced a new taskhash; the server mapped it to run 1's unihash, which names the file.
    expect(sig.data.taskhash).toBe('a29a44595a24744f5a02d7bacba587cd84c4423bf88b33940881f591c2c29521');
    expect(sig.computedTaskhash).toBe('a29a44595a24744f5a02d7bacba587cd84c4423bf88b33940881f591c2c29521');
    expect(sig.taskhashMatches).toBe(true);
  });
});

describe('readSigFile on legacy (pickle) files', () => {
  const pairs: Array<[string, string]> = [
    ['1.3.1-r0.do_compile', 'zlib-1.3.1.do_compile.sigdata.f1fe'],
    ['1.3.1-r0.do_fetch', 'zlib-1.3.1.do_fetch'],
  ];

  it.each(pairs)('reads %s to the same SigData as its modern source (ids aside)', async (old, src) => {
    const l = await readSigFile(legacy(old));
    const m = await readSigFile(modern(src));
    expect(l.format).toBe('legacy-pickle');
    expect([l.basehashMatches, l.taskhashMatches]).toEqual([true, true]);
    expect(l.computedTaskhash).toBe(m.data.taskhash);
    const { runtaskdeps: lDeps, runtaskhashes: lHashes, ...lRest } = l.data;
    const { runtaskdeps: mDeps, runtaskhashes: mHashes, ...mRest } = m.data;
    expect(lRest).toEqual(mRest);
    // Legacy ids are full task ids (<recipe file>:<task>); modern ones are <PN>:<task>.
    expect(lDeps!.map((id) => id.replace(/^.*\/zlib_1\.3\.1\.bb:/, 'zlib:'))).toEqual(mDeps);
    expect(Object.values(lHashes!)).toEqual(Object.values(mHashes!));
  });

  it('maps basewhitelist/taskwhitelist and full-path ids', async () => {
    const l = await readSigFile(legacy('1.3.1-r0.do_compile'));
    expect(l.data.basehashIgnoreVars).toHaveLength(27);
    expect(l.data.taskhashIgnoreTasks).toBeNull();
    expect(l.data.runtaskdeps).toEqual([
      '/home/builder/poky/meta/recipes-core/zlib/zlib_1.3.1.bb:do_configure',
    ]);
    expect(l.data.basehash).toBe('fcdd92839ad12a994741a6670298b4ddac5f093f4ecc6ac0b4bc2c3adb98e6f1');
    expect(l.nameHash).toBe('f1fee7b2cb7cc326df763558d67d584e7928c91a8a88d5d91eb034a8759120bc');
  });

  it('refuses a pickle that references code', async () => {
    // PROTO 4, GLOBAL 'os system', STOP
    const bytes = Buffer.concat([Buffer.from([0x80, 0x04]), Buffer.from('cos\nsystem\n.', 'latin1')]);
    const err = await rejection(readSigFile(tempFile('evil.sigdata.' + '0'.repeat(64), bytes)));
    expect(err.code).toBe('UNSAFE_CONTENT');
  });
});

describe('readSigFile on bad input', () => {
  const good = readFileSync(modern('zlib-1.3.1.do_fetch'));

  it('reports a truncated zstd stream with the offset where it ends', async () => {
    const f = tempFile('cut', good.subarray(0, good.length - 10));
    const err = await rejection(readSigFile(f));
    expect(err.code).toBe('TRUNCATED');
    expect(err.where).toEqual({ file: f, offset: good.length - 10 });
  });

  it('reports a corrupt frame as BAD_FORMAT', async () => {
    const bytes = Buffer.from(good);
    for (let i = 20; i < 60; i++) bytes[i] = bytes[i]! ^ 0x5a;
    const f = tempFile('corrupt', bytes);
    const err = await rejection(readSigFile(f));
    expect(err.code).toBe('BAD_FORMAT');
    expect(err.where?.file).toBe(f);
  });

  it('reports wrong magic and empty files', async () => {
    const f = tempFile('text', 'not a sig file\n');
    const err = await rejection(readSigFile(f));
    expect(err.code).toBe('BAD_FORMAT');
    expect(err.message).toBe(
      'not a sig file: starts with 6e 6f 74 20, expected zstd (28 b5 2f fd) or a pickle (80 0x)',
    );
    expect(err.where).toEqual({ file: f, offset: 0 });
    expect((await rejection(readSigFile(tempFile('empty', '')))).code).toBe('TRUNCATED');
  });

  it('stops a zstd bomb at the size limit with TOO_LARGE', async () => {
    // 300 concatenated frames of 1 MiB of zeros: 15 KB on disk, 300 MiB decompressed.
    const frame = zstdCompressSync(Buffer.alloc(1 << 20));
    const bomb = Buffer.concat(Array.from({ length: 300 }, () => frame));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const f = tempFile('bomb', bomb);
    const rssBefore = process.memoryUsage().rss;
    const err = await rejection(readSigFile(f));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toBe('decompressed content is larger than the limit of 67108864 bytes');
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    const small = await rejection(readSigFile(f, { maxContentBytes: 4 << 20 }));
    expect(small.where?.offset).toBe(4 * frame.length);
  });

  it('bounds the JSON size and the file size', async () => {
    const big = JSON.stringify({ task: 'do_x', pad: 'x'.repeat(2 << 20) });
    const f = tempFile('giant', zstdCompressSync(Buffer.from(big)));
    expect((await rejection(readSigFile(f, { maxContentBytes: 1 << 20 }))).code).toBe('TOO_LARGE');
    const err = await rejection(readSigFile(modern('zlib-1.3.1.do_fetch'), { maxFileBytes: 100 }));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toBe('file is 885 bytes, larger than the limit of 100');
  });

  it('reads pzstd output: skippable frames and several data frames', async () => {
    const json = zstdDecompressText(good);
    const half = Math.floor(json.length / 2);
    const parts = [json.slice(0, half), json.slice(half)].map((p) => zstdCompressSync(Buffer.from(p)));
    const skippable = (n: number): Buffer => {
      const b = Buffer.alloc(12);
      b.writeUInt32LE(0x184d2a50, 0);
      b.writeUInt32LE(4, 4);
      b.writeUInt32LE(n, 8);
      return b;
    };
    const bytes = Buffer.concat(parts.flatMap((p) => [skippable(p.length), p]));
    const sig = await readSigFile(
      tempFile(
        'zlib-1.3.1.do_fetch.sigdata.' + '8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23',
        bytes,
      ),
    );
    expect(sig.format).toBe('modern-zstd-json');
    expect(sig.taskhashMatches).toBe(true);
  });

  it('reads 2021 files whose sets are plain sorted arrays', async () => {
    const obj = JSON.parse(zstdDecompressText(good)) as Record<string, unknown>;
    obj.taskdeps = (obj.taskdeps as { _set_object: string[] })._set_object;
    obj.basehash_ignore_vars = [];
    const sig = await readSigFile(tempFile('plain', zstdCompressSync(Buffer.from(JSON.stringify(obj)))));
    expect(sig.data.taskdeps).toEqual(['BPN', 'PN', 'PV', 'SRC_URI', 'hei_write']);
    expect(sig.taskhashMatches).toBe(true);
  });

  it('names the JSON position or the field that is wrong', async () => {
    const notJson = await rejection(readSigFile(tempFile('nj', zstdCompressSync(Buffer.from('{"task": ')))));
    expect(notJson.code).toBe('BAD_FORMAT');
    expect(notJson.where?.entry).toBe('JSON offset 9');
    const wrong = await rejection(
      readSigFile(
        tempFile(
          'wt',
          zstdCompressSync(
            Buffer.from('{"task":"do_x","basehash":"a","taskdeps":{"_set_object":[1]},"varvals":{}}'),
          ),
        ),
      ),
    );
    expect(wrong.code).toBe('BAD_FORMAT');
    expect(wrong.message).toBe("sig file field 'taskdeps' holds a non-string item");
    expect(wrong.where?.entry).toBe('taskdeps');
    const notUtf8 = await rejection(
      readSigFile(tempFile('nu', zstdCompressSync(Buffer.from([0x7b, 0xff, 0x7d])))),
    );
    expect(notUtf8.message).toBe('decompressed content is not UTF-8 text');
  });

  it('reports missing files and directories', async () => {
    expect((await rejection(readSigFile(path.join(os.tmpdir(), 'no-such-sig-file')))).code).toBe('NOT_FOUND');
    expect((await rejection(readSigFile(MODERN))).code).toBe('NOT_A_FILE');
  });
});

function zstdDecompressText(b: Buffer): string {
  return zstdDecompressSync(b).toString('utf8');
}
