import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSigFile } from '../../../../../../electron/services/sources/siginfo/read-sig-file';
import { formatSigChecks, formatSigDump } from '../../../../../../electron/services/sources/siginfo/sig-dump';
import { pyRepr, pyReprString } from '../../../../../../electron/services/sources/siginfo/python-repr';
import { FIXTURES } from '../../../../../helpers/paths';

const EXPECTED = path.join(FIXTURES, 'siginfo/expected');
const MODERN = path.join(FIXTURES, 'siginfo/modern');
const dumps = readdirSync(EXPECTED).filter((f) => f.endsWith('.dump.txt'));

describe('formatSigDump', () => {
  it('has three reference dumps to compare with', () => {
    expect(dumps).toHaveLength(3);
  });

  it.each(dumps)('prints %s byte for byte like bitbake-dumpsig', async (dump) => {
    // Reference names are the source name cut short, plus .dump.txt.
    const prefix = dump.slice(0, -'.dump.txt'.length);
    const source = readdirSync(MODERN).filter((f) => f.startsWith(prefix));
    expect(source).toHaveLength(1);
    const sig = await readSigFile(path.join(MODERN, source[0]!));
    expect(formatSigDump(sig)).toBe(readFileSync(path.join(EXPECTED, dump), 'utf8'));
  });

  it('prints the check lines, naming the hash in the file name', async () => {
    const sig = await readSigFile(
      path.join(
        MODERN,
        readdirSync(MODERN).find((f) => f.startsWith('zlib-1.3.1.do_fetch'))!,
      ),
    );
    const h = '8f0da4de03e7a4d166f4d2cb8cd2f9aec58af4049a907a3419e518b0c36c1a23';
    const b = '82aa6b1a34bd49e95c87ef152d26e03ff500a7d7904b162efc9d2bacf28a47cf';
    expect(formatSigChecks(sig)).toBe(
      [
        `Basehash check: OK (computed ${b}, file ${b})`,
        `Taskhash check: OK (computed ${h}, file ${h})`,
        `Unihash in file: ${h} (same as taskhash)`,
        `Hash in file name: ${h} (the unihash)`,
        '',
      ].join('\n'),
    );
  });

  it('prints taints as BitBake does and reports a mismatch', async () => {
    const sig = await readSigFile(
      path.join(
        MODERN,
        readdirSync(MODERN).find((f) => f.startsWith('zlib-1.3.1.do_fetch'))!,
      ),
    );
    const tainted = {
      ...sig,
      data: { ...sig.data, taint: 'nostamp:0c2f3b2a-1111-4222-8333-444455556666' },
      taskhashMatches: false,
    };
    expect(formatSigDump(tainted)).toContain(
      '\nTainted (by forced/invalidated task): nostamp(uuid4):0c2f3b2a-1111-4222-8333-444455556666\n',
    );
    expect(formatSigChecks(tainted)).toContain('Taskhash check: MISMATCH');
  });
});

describe('Python repr', () => {
  it('quotes and escapes like CPython', () => {
    expect(pyReprString('abc')).toBe("'abc'");
    expect(pyReprString("it's")).toBe('"it\'s"');
    expect(pyReprString('both \' and "')).toBe("'both \\' and \"'");
    expect(pyReprString('a\\b\n\t\x01\x7f')).toBe("'a\\\\b\\n\\t\\x01\\x7f'");
    expect(pyReprString('é€\u00a0\u200b')).toBe("'é€\\xa0\\u200b'");
    expect(pyRepr([['x', null], []])).toBe("[['x', None], []]");
  });
});
