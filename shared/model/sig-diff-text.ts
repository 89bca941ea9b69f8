/**
 * Renders a SigDiff as the text `bitbake-diffsigs A B` prints (colours off, no recursion),
 * following spec/sstate-and-siginfo.md §8 message by message. Python's `%s` formatting of sets
 * and lists is reproduced with sorted items so the output is stable.
 */
import type { SigDiff, SetChange } from './sig-diff';
import { renderListDiff, renderWordDiff } from './word-diff';

/** Options of the text form. */
export interface SigDiffTextOptions {
  /** `bitbake -S printdiff` style: no basehash line, no runtaskdeps block, no per-dependency hash lines. */
  collapsed?: boolean;
  /**
   * Called for each changed dependency hash (category 9); a returned text is indented and
   * printed under that line, as bitbake-diffsigs' recursive mode does.
   */
  recurse?: (task: string, a: string, b: string) => string[] | undefined;
}

/** Python's repr of a str. */
export function pyStr(s: string): string {
  if (!s.includes("'") || s.includes('"')) return `'${pyEscape(s, "'")}'`;
  return `"${pyEscape(s, '"')}"`;
}

function pyEscape(s: string, quote: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return out;
}

/** Python's `%s` of a set of strings (sorted for stability; Python's own order is hash-based). */
export function pySet(xs: readonly string[]): string {
  return xs.length === 0 ? 'set()' : `{${xs.map(pyStr).join(', ')}}`;
}

/** Python's `%s` of a list of strings. */
export function pyList(xs: readonly string[]): string {
  return `[${xs.map(pyStr).join(', ')}]`;
}

function symmetric(c: SetChange): string[] {
  return [...c.added, ...c.removed].sort();
}

/** One message per array element (a message may span several lines), in bitbake-diffsigs order. */
export function sigDiffMessages(d: SigDiff, opts: SigDiffTextOptions = {}): string[] {
  const out: string[] = [];
  if (d.basehashIgnoreVars) {
    const c = d.basehashIgnoreVars;
    out.push(`basehash_ignore_vars changed from '${pySet(c.a)}' to '${pySet(c.b)}'`);
    if (c.a.length > 0 && c.b.length > 0) out.push(`changed items: ${pySet(symmetric(c))}`);
  }
  if (d.taskhashIgnoreTasks) {
    const { a, b } = d.taskhashIgnoreTasks;
    out.push(`taskhash_ignore_tasks changed from '${a ?? 'None'}' to '${b ?? 'None'}'`);
    if (a && b) {
      const sa = new Set(a);
      const sb = new Set(b);
      const items = [...new Set([...a, ...b])].filter((ch) => sa.has(ch) !== sb.has(ch)).sort();
      out.push(`changed items: ${pySet(items)}`);
    }
  }
  if (d.taskdeps)
    out.push(`Task dependencies changed from:\n${pyList(d.taskdeps.a)}\nto:\n${pyList(d.taskdeps.b)}`);
  if (d.basehash && !opts.collapsed) out.push(`basehash changed from ${d.basehash.a} to ${d.basehash.b}`);

  for (const c of d.gendeps.changed) {
    out.push(
      `List of dependencies for variable ${c.variable} changed from '${pySet(c.a)}' to '${pySet(c.b)}'`,
    );
    out.push(`changed items: ${pySet(symmetric(c))}`);
  }
  for (const v of d.gendeps.added) out.push(`Dependency on variable ${v} was added`);
  // "Variable" with a capital V is what BitBake prints here.
  for (const v of d.gendeps.removed) out.push(`Dependency on Variable ${v} was removed`);

  for (const v of d.variables) {
    switch (v.kind) {
      case 'lines':
        out.push(`Variable ${v.variable} value changed:\n${v.lines.join('\n')}`);
        break;
      case 'words':
        out.push(`Variable ${v.variable} value changed:\n${renderWordDiff(v.words)}`);
        break;
      case 'value':
        out.push(`Variable ${v.variable} value changed from '${v.a ?? 'None'}' to '${v.b ?? 'None'}'`);
        break;
    }
  }

  for (const f of d.files.changed) out.push(`Checksum for file ${f.file} changed from ${f.a} to ${f.b}`);
  for (const f of d.files.added) out.push(`Dependency on checksum of file ${f.file} was added`);
  for (const f of d.files.removed) out.push(`Dependency on checksum of file ${f.file} was removed`);

  if (d.runtaskdeps && !opts.collapsed) {
    const r = d.runtaskdeps;
    const lines = r.countChanged
      ? ['Number of task dependencies changed']
      : r.changed.map((c) => `${c.idA} with hash ${c.hashA}\n changed to\n${c.idB} with hash ${c.hashB}`);
    const head = r.idsChanged ? `runtaskdeps changed:\n${renderListDiff(r.a, r.b)}` : 'runtaskdeps changed:';
    out.push(head);
    out.push(lines.join('\n'));
  }

  for (const x of d.runtaskhashes.added)
    out.push(`Dependency on task ${x.task} was added with hash ${x.hash}`);
  for (const x of d.runtaskhashes.removed)
    out.push(`Dependency on task ${x.task} was removed with hash ${x.hash}`);
  if (!opts.collapsed) {
    for (const c of d.runtaskhashes.changed) {
      const line = `Hash for task dependency ${c.task} changed from ${c.a} to ${c.b}`;
      const sub = opts.recurse?.(c.task, c.a, c.b);
      if (sub && sub.length > 0) out.push(line + '\n' + sub.map((l) => `  ${l}`).join('\n'));
      else out.push(line);
    }
  }

  if (d.taint) {
    const show = (t: string | null): string =>
      t === null ? 'None' : t.replace(/^nostamp:/, 'nostamp(uuid4):');
    out.push(`Taint (by forced/invalidated task) changed from ${show(d.taint.a)} to ${show(d.taint.b)}`);
  }
  return out;
}

/** The full text, one message per line group, ending in a newline when there is anything to say. */
export function renderSigDiffText(d: SigDiff, opts: SigDiffTextOptions = {}): string {
  const msgs = sigDiffMessages(d, opts);
  return msgs.length === 0 ? '' : msgs.join('\n') + '\n';
}
