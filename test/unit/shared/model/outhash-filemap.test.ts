import { describe, expect, it } from 'vitest';
import {
  applyFilemap,
  fnmatchToRegExp,
  parseFilemap,
  pythonBytesRegex,
  utf8AsLatin1,
} from '../../../../shared/model/outhash-filemap';

describe('outhash filemap', () => {
  it('matches globs like Python fnmatch on POSIX (* crosses /, [!...], unclosed [ literal)', () => {
    const m = (g: string, s: string): boolean => fnmatchToRegExp(g).test(s);
    expect(m('*/crossscripts/*', './sysroot-destdir/usr/bin/crossscripts/foo')).toBe(true);
    expect(m('*/crossscripts/*', './crossscripts-not/foo')).toBe(false);
    expect(m('*.[ch]', './a/b.c')).toBe(true);
    expect(m('*.[!ch]', './a/b.c')).toBe(false);
    expect(m('*.[!ch]', './a/b.o')).toBe(true);
    expect(m('a[b', 'a[b')).toBe(true);
    expect(m('?x', '.x')).toBe(true);
    expect(m('*X', './x')).toBe(false);
    expect(m('*\\n', './a\\n')).toBe(true);
  });

  it('parses only 3-field tokens of the task, grouping specs per glob in order', () => {
    const rules = parseFilemap(
      'populate_sysroot:*/a:/t populate_sysroot:*/a:/c\tdeploy:*/a:/x populate_sysroot:*/b:x:y populate_sysroot:*/b:/t',
      'populate_sysroot',
    );
    expect(rules.map((r) => [r.glob, r.specs])).toEqual([
      ['*/a', ['/t', '/c']],
      ['*/b', ['/t']],
    ]);
  });

  it('translates the default useradd regex with bytes semantics', () => {
    const re = pythonBytesRegex('\\s(PATH|PSEUDO_INCLUDE_PATHS|HOME|LOGNAME|OMP_NUM_THREADS|USER)=.*\\s');
    const input = 'useradd --home-dir x\n export PATH=/a/b:/c \nkeep\n HOME=/root\n';
    expect(input.replace(re, '')).toBe('useradd --home-dir x\n exportkeep\n');
    // \s is six bytes only: a latin1 NBSP (0xA0) is not whitespace for a bytes pattern.
    expect('\xa0USER=x\n'.replace(pythonBytesRegex('\\sUSER=.*\\s'), '')).toBe('\xa0USER=x\n');
    // $ matches before a final newline; . does not match LF but matches CR.
    expect('ab\n'.replace(pythonBytesRegex('b$'), '')).toBe('a\n');
    expect('a\rb'.replace(pythonBytesRegex('a.b'), '')).toBe('');
  });

  it('removes the base path first, then specs in filemap order', () => {
    const rules = parseFilemap('t:*:/x/tmp t:*:/x', 't');
    expect(applyFilemap('A /x/tmp/work/b /x/tmp/y /x/meta B', '/x/tmp/work/b', rules, './f')).toBe(
      'A  /y /meta B',
    );
    // Contents are bytes as latin1 text; a spec is deleted as its UTF-8 bytes.
    expect(applyFilemap(utf8AsLatin1('é/x/é'), null, parseFilemap('t:*:é', 't'), './f')).toBe('/x/');
  });
});
