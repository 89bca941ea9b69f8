import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../../../../shared/model/errors';
import { InspectorError } from '../../../../../../shared/model/errors';
import { openHashservDb } from '../../../../../../electron/services/sources/hashserv-db';
import {
  depsigsInTemp,
  readDepsigText,
  scanDepsigs,
} from '../../../../../../electron/services/sources/depsig';
import { FIXTURE_BUILDDIR } from '../../../../../helpers/paths';
import { makeTemp, rmTemp } from '../sqlite-readonly/sqlite-test-utils';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

describe('scanDepsigs on the fixture build dir', () => {
  const tmpRecs = [...scanDepsigs(path.join(FIXTURE_BUILDDIR, 'tmp', 'work'))];
  const mcRecs = [...scanDepsigs(path.join(FIXTURE_BUILDDIR, 'tmp-mc1', 'work'), { mc: 'mc1' })];

  it('finds the 30 + 5 depsig links (stored as text in this copy) and their pid files', () => {
    expect(tmpRecs).toHaveLength(30);
    expect(mcRecs).toHaveLength(5);
    expect(new Set([...tmpRecs, ...mcRecs].map((r) => r.link))).toEqual(new Set(['text']));
    const mcPackage = mcRecs.find((r) => r.task === 'do_package');
    const temp = path.join(FIXTURE_BUILDDIR, 'tmp-mc1/work/cortexa57-poky-linux/zlib/1.3.1/temp');
    expect(mcPackage).toEqual({
      path: path.join(temp, 'depsig.do_package'),
      target: path.join(temp, 'depsig.do_package.30604'),
      pid: 30604,
      task: 'do_package',
      mc: 'mc1',
      arch: 'cortexa57-poky-linux',
      pn: 'zlib',
      version: '1.3.1',
      link: 'text',
      size: 3568,
      olderTargets: [path.join(temp, 'depsig.do_package.29466')],
    });
    expect(tmpRecs.filter((r) => r.task === 'do_deploy').map((r) => r.pn)).toEqual(['u-boot']);
    const pidFiles = [...tmpRecs, ...mcRecs].reduce((n, r) => n + 1 + r.olderTargets.length, 0);
    expect(pidFiles).toBe(46);
  });

  it('reads texts whose sha256 are outhashes stored by the build’s hashserv', () => {
    const db = openHashservDb(path.join(FIXTURE_BUILDDIR, 'cache', 'hashserv.db'));
    const outhashes = new Set([...db.iterateOuthashes()].map((o) => o.outhash));
    db.close();
    const texts = [...tmpRecs, ...mcRecs].map((r) => readDepsigText(r));
    for (const t of texts) expect(outhashes.has(sha256(t))).toBe(true);
    expect(texts[0]?.startsWith('OEOuthashBasic\n')).toBe(true);
  });
});

describe('depsig links in other shapes', () => {
  let tmp: string;
  let temp: string;
  const src = path.join(FIXTURE_BUILDDIR, 'tmp/work/core2-64-poky-linux/zlib/1.3.1/temp');
  beforeAll(() => {
    tmp = makeTemp();
    temp = path.join(tmp, 'temp');
    mkdirSync(temp);
    copyFileSync(path.join(src, 'depsig.do_package.30558'), path.join(temp, 'depsig.do_package.30601'));
  });
  afterAll(() => rmTemp(tmp));
  const owner = { mc: '', arch: 'a', pn: 'zlib', version: '1.3.1' };

  it('follows a real relative symlink to its sibling', () => {
    symlinkSync('depsig.do_package.30601', path.join(temp, 'depsig.do_package'));
    const [rec] = [...depsigsInTemp(temp, owner)];
    expect(rec).toMatchObject({
      link: 'symlink',
      pid: 30601,
      target: path.join(temp, 'depsig.do_package.30601'),
    });
    rmSync(path.join(temp, 'depsig.do_package'));
  });

  it('refuses a symlink that leaves the directory, with a warning', () => {
    symlinkSync('/etc/passwd', path.join(temp, 'depsig.do_install'));
    const warnings: ErrorInfo[] = [];
    const recs = [...depsigsInTemp(temp, owner, (w) => warnings.push(w))];
    expect(recs.map((r) => r.task)).toEqual(['do_package']);
    expect(warnings[0]).toMatchObject({ code: 'UNSAFE_CONTENT' });
    rmSync(path.join(temp, 'depsig.do_install'));
  });

  it('uses the pid file when there is no link, and reports a vanished target', () => {
    const [rec] = [...depsigsInTemp(temp, owner)];
    expect(rec).toMatchObject({ link: 'none', pid: 30601 });
    rmSync(path.join(temp, 'depsig.do_package.30601'));
    const e = (() => {
      try {
        readDepsigText(rec!);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(InspectorError);
    expect(e).toMatchObject({
      code: 'NOT_FOUND',
      where: { file: path.join(temp, 'depsig.do_package.30601') },
    });
    writeFileSync(path.join(temp, 'depsig.do_compile'), 'not a link but a listing\n');
    const [rec2] = [...depsigsInTemp(temp, owner)];
    expect(rec2).toMatchObject({ link: 'none', task: 'do_compile', pid: null });
    expect(readDepsigText(rec2!)).toBe('not a link but a listing\n');
  });
});
