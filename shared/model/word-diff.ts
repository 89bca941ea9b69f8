/**
 * Small sequence diffs used to explain signature changes the way bitbake-diffsigs does:
 * a word diff (`{+added+}` / `[-removed-]`) for single-line values, an inline list diff for
 * dependency lists, and a unified line diff (no `---`/`+++` header) for multi-line values.
 * Pure functions, written from the behaviour described in spec/sstate-and-siginfo.md §8.
 */

/** One run of a sequence diff: items kept (`=`), removed from A (`-`) or added in B (`+`). */
export interface DiffRun<T> {
  op: '=' | '-' | '+';
  items: T[];
}

/**
 * Diff by repeated longest common contiguous run (the "simplediff" approach BitBake uses for
 * word and list diffs): find the longest block common to both sides — on ties the one met
 * first when scanning B left to right — keep it, and recurse on what lies left and right of it.
 * Iterative over an explicit stack, so a long input cannot overflow the call stack. The method is
 * quadratic on inputs with many repeated items, so work is budgeted: past `budget` compared
 * pairs, the remaining ranges are diffed by common prefix/suffix only (still a correct diff,
 * just not always the minimal one).
 */
export function blockDiff<T>(a: readonly T[], b: readonly T[], budget = 2_000_000): DiffRun<T>[] {
  const out: DiffRun<T>[] = [];
  // Work items: either a range pair still to diff, or a finished run to emit, in order.
  type Work =
    { kind: 'range'; a0: number; a1: number; b0: number; b1: number } | { kind: 'run'; run: DiffRun<T> };
  const stack: Work[] = [{ kind: 'range', a0: 0, a1: a.length, b0: 0, b1: b.length }];
  while (stack.length > 0) {
    const w = stack.pop()!;
    if (w.kind === 'run') {
      pushRun(out, w.run);
      continue;
    }
    const { a0, a1, b0, b1 } = w;
    const cost = (a1 - a0) * (b1 - b0);
    if (cost > budget) {
      prefixSuffixDiff(a, b, a0, a1, b0, b1, stack);
      continue;
    }
    budget -= cost;
    const positions = new Map<T, number[]>();
    for (let i = a0; i < a1; i++) {
      const key = a[i] as T;
      const list = positions.get(key);
      if (list) list.push(i);
      else positions.set(key, [i]);
    }
    let bestLen = 0;
    let bestA = a0;
    let bestB = b0;
    let overlap = new Map<number, number>();
    for (let j = b0; j < b1; j++) {
      const next = new Map<number, number>();
      for (const i of positions.get(b[j] as T) ?? []) {
        const len = (i > a0 ? (overlap.get(i - 1) ?? 0) : 0) + 1;
        next.set(i, len);
        if (len > bestLen) {
          bestLen = len;
          bestA = i - len + 1;
          bestB = j - len + 1;
        }
      }
      overlap = next;
    }
    if (bestLen === 0) {
      // Nothing in common: everything of A went, everything of B came.
      if (b1 > b0) stack.push({ kind: 'run', run: { op: '+', items: b.slice(b0, b1) } });
      if (a1 > a0) stack.push({ kind: 'run', run: { op: '-', items: a.slice(a0, a1) } });
      continue;
    }
    // Pushed in reverse so the left part is processed first.
    stack.push({ kind: 'range', a0: bestA + bestLen, a1, b0: bestB + bestLen, b1 });
    stack.push({ kind: 'run', run: { op: '=', items: a.slice(bestA, bestA + bestLen) } });
    stack.push({ kind: 'range', a0, a1: bestA, b0, b1: bestB });
  }
  return out;
}

/** Common prefix and suffix kept, the middle replaced wholesale: linear, for over-budget ranges. */
function prefixSuffixDiff<T>(
  a: readonly T[],
  b: readonly T[],
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  stack: Array<
    { kind: 'run'; run: DiffRun<T> } | { kind: 'range'; a0: number; a1: number; b0: number; b1: number }
  >,
): void {
  let p = 0;
  while (a0 + p < a1 && b0 + p < b1 && a[a0 + p] === b[b0 + p]) p++;
  let q = 0;
  while (a1 - q > a0 + p && b1 - q > b0 + p && a[a1 - 1 - q] === b[b1 - 1 - q]) q++;
  // Pushed in reverse order of output.
  stack.push({ kind: 'run', run: { op: '=', items: a.slice(a1 - q, a1) } });
  stack.push({ kind: 'run', run: { op: '+', items: b.slice(b0 + p, b1 - q) } });
  stack.push({ kind: 'run', run: { op: '-', items: a.slice(a0 + p, a1 - q) } });
  stack.push({ kind: 'run', run: { op: '=', items: a.slice(a0, a0 + p) } });
}

function pushRun<T>(out: DiffRun<T>[], run: DiffRun<T>): void {
  if (run.items.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.op === run.op) last.items.push(...run.items);
  else out.push({ op: run.op, items: [...run.items] });
}

/** A word diff of two single-line values, split on single spaces as BitBake does. */
export interface WordDiff {
  runs: DiffRun<string>[];
  /** True when the values differ only in whitespace (same words, different spacing). */
  whitespaceOnly: boolean;
}

/** Word-diffs two single-line values. */
export function wordDiff(a: string, b: string): WordDiff {
  const runs = blockDiff(a.split(' '), b.split(' '));
  const norm = (s: string): string => s.split(/\s+/).filter(Boolean).join(' ');
  return { runs, whitespaceOnly: a !== b && norm(a) === norm(b) };
}

/** Renders a word diff as bitbake-diffsigs prints it: `"-O2 {+-g+} [--O0-]"` (+ whitespace note). */
export function renderWordDiff(d: WordDiff): string {
  const parts = d.runs.map((r) => {
    const v = r.items.join(' ');
    return r.op === '=' ? v : r.op === '+' ? `{+${v}+}` : `[-${v}-]`;
  });
  return `"${parts.join(' ')}"${d.whitespaceOnly ? ' (whitespace changed)' : ''}`;
}

/** Renders an inline list diff: `['a', -'b', +'c']` (runs joined by spaces inside the quotes). */
export function renderListDiff(a: readonly string[], b: readonly string[]): string {
  const parts = blockDiff(a, b).map((r) => {
    const v = `'${r.items.join(' ')}'`;
    return r.op === '=' ? v : `${r.op}${v}`;
  });
  return `[${parts.join(', ')}]`;
}

/**
 * A unified diff of two texts by lines, with 3 lines of context and `@@ -a,b +c,d @@` hunk
 * headers, without the `---`/`+++` file header lines (what bitbake-diffsigs prints for
 * multi-line values). Lines are compared exactly; the alignment is a longest common
 * subsequence, so on ambiguous inputs hunks may be placed differently from Python's difflib.
 */
export function unifiedLineDiff(a: string, b: string, context = 3): string[] {
  const al = splitLines(a);
  const bl = splitLines(b);
  const ops = lcsLineOps(al, bl);
  // Group the edit script into hunks separated by more than 2*context equal lines.
  const out: string[] = [];
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.op === '=') i++;
    if (i >= ops.length) break;
    let start = i;
    let ctxBefore = 0;
    while (start > 0 && ctxBefore < context && ops[start - 1]!.op === '=') {
      start--;
      ctxBefore++;
    }
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]!.op !== '=') end++;
      let eq = 0;
      while (end + eq < ops.length && ops[end + eq]!.op === '=') eq++;
      if (end + eq >= ops.length || eq > 2 * context) {
        end += Math.min(eq, context);
        break;
      }
      end += eq;
    }
    const hunk = ops.slice(start, end);
    const first = hunk[0]!;
    const aCount = hunk.filter((o) => o.op !== '+').length;
    const bCount = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${range(first.ai, aCount)} +${range(first.bi, bCount)} @@`);
    for (const o of hunk) out.push((o.op === '=' ? ' ' : o.op) + o.line);
    i = end;
  }
  return out;
}

function range(startIndex: number, count: number): string {
  // difflib: 1-based start; a length of 1 is written without ",1"; an empty range points before.
  if (count === 1) return `${startIndex + 1}`;
  if (count === 0) return `${startIndex},0`;
  return `${startIndex + 1},${count}`;
}

function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface LineOp {
  op: '=' | '-' | '+';
  line: string;
  /** Index in A of this line (or where it would be inserted). */
  ai: number;
  bi: number;
}

function lcsLineOps(a: string[], b: string[]): LineOp[] {
  // Trim the common prefix and suffix first: values usually differ in a few lines.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  const ops: LineOp[] = [];
  for (let k = 0; k < pre; k++) ops.push({ op: '=', line: a[k]!, ai: k, bi: k });
  // Classic O(n*m) LCS table; sigdata values are function bodies of at most a few hundred lines.
  // Past 4M cells (memory), the differing middle is shown as removed then added.
  if (n * m > 4_000_000) {
    for (let x = 0; x < n; x++) ops.push({ op: '-', line: am[x]!, ai: pre + x, bi: pre });
    for (let y = 0; y < m; y++) ops.push({ op: '+', line: bm[y]!, ai: pre + n, bi: pre + y });
    for (let k = 0; k < suf; k++)
      ops.push({ op: '=', line: a[a.length - suf + k]!, ai: a.length - suf + k, bi: b.length - suf + k });
    return ops;
  }
  const t: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let x = n - 1; x >= 0; x--)
    for (let y = m - 1; y >= 0; y--)
      t[x]![y] = am[x] === bm[y] ? t[x + 1]![y + 1]! + 1 : Math.max(t[x + 1]![y]!, t[x]![y + 1]!);
  let x = 0;
  let y = 0;
  while (x < n || y < m) {
    if (x < n && y < m && am[x] === bm[y]) {
      ops.push({ op: '=', line: am[x]!, ai: pre + x, bi: pre + y });
      x++;
      y++;
    } else if (x < n && (y >= m || t[x + 1]![y]! >= t[x]![y + 1]!)) {
      ops.push({ op: '-', line: am[x]!, ai: pre + x, bi: pre + y });
      x++;
    } else {
      ops.push({ op: '+', line: bm[y]!, ai: pre + x, bi: pre + y });
      y++;
    }
  }
  for (let k = 0; k < suf; k++)
    ops.push({ op: '=', line: a[a.length - suf + k]!, ai: a.length - suf + k, bi: b.length - suf + k });
  return ops;
}
