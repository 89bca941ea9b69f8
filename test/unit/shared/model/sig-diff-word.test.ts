import { describe, expect, it } from 'vitest';
import {
  blockDiff,
  renderListDiff,
  renderWordDiff,
  unifiedLineDiff,
  wordDiff,
} from '../../../../shared/model/word-diff';

describe('blockDiff (longest common run first)', () => {
  it('keeps the longest common block and diffs around it', () => {
    expect(blockDiff(['a', 'b', 'c', 'd'], ['x', 'b', 'c', 'y'])).toEqual([
      { op: '-', items: ['a'] },
      { op: '+', items: ['x'] },
      { op: '=', items: ['b', 'c'] },
      { op: '-', items: ['d'] },
      { op: '+', items: ['y'] },
    ]);
  });
  it('handles empty sides, and a 20,000-item repetitive input quickly (budgeted) and correctly', () => {
    expect(blockDiff([], ['a'])).toEqual([{ op: '+', items: ['a'] }]);
    expect(blockDiff(['a'], [])).toEqual([{ op: '-', items: ['a'] }]);
    const big = Array.from({ length: 20000 }, (_, i) => `w${i % 7 === 0 ? i : 0}`);
    const started = Date.now();
    const runs = blockDiff(big, big.slice(1));
    expect(Date.now() - started).toBeLessThan(5000);
    // Applying the diff to A gives B, and exactly one item was removed.
    const rebuilt = runs.flatMap((r) => (r.op === '-' ? [] : r.items));
    const kept = runs.flatMap((r) => (r.op === '+' ? [] : r.items));
    expect(rebuilt).toEqual(big.slice(1));
    expect(kept).toEqual(big);
    expect(runs.filter((r) => r.op === '-').flatMap((r) => r.items)).toHaveLength(1);
  });
});

describe('word diff', () => {
  it('marks additions and removals like bitbake-diffsigs', () => {
    expect(renderWordDiff(wordDiff('-O2 -pipe', '-O2 -pipe -fstack-protector-strong'))).toBe(
      '"-O2 -pipe {+-fstack-protector-strong+}"',
    );
    expect(renderWordDiff(wordDiff('a b c', 'a c'))).toBe('"a [-b-] c"');
    expect(renderWordDiff(wordDiff('a b', 'a  b'))).toBe('"a {++} b" (whitespace changed)');
  });
  it('renders list diffs', () => {
    expect(renderListDiff(['a', 'b'], ['a', 'c'])).toBe("['a', -'b', +'c']");
  });
});

describe('unified line diff', () => {
  it('writes difflib-style hunks without file headers', () => {
    const a = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n';
    const b = 'l1\nl2\nl3\nl4\nL5\nl6\nl7\nl8\nl9\n';
    expect(unifiedLineDiff(a, b)).toEqual([
      '@@ -2,7 +2,7 @@',
      ' l2',
      ' l3',
      ' l4',
      '-l5',
      '+L5',
      ' l6',
      ' l7',
      ' l8',
    ]);
  });
  it('splits distant changes into two hunks and handles pure insertion', () => {
    const a = Array.from({ length: 20 }, (_, i) => `x${i}`).join('\n');
    const b = a.replace('x1\n', 'y1\n').replace('x18', 'y18');
    expect(unifiedLineDiff(a, b).filter((l) => l.startsWith('@@'))).toEqual([
      '@@ -1,5 +1,5 @@',
      '@@ -16,5 +16,5 @@',
    ]);
    expect(unifiedLineDiff('', 'new\n')).toEqual(['@@ -0,0 +1 @@', '+new']);
  });
});
