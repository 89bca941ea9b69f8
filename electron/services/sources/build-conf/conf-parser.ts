/**
 * A small parser of BitBake's assignment syntax, enough to read the variables that locate the
 * caches (TMPDIR, PERSISTENT_DIR, SSTATE_DIR, BB_HASHSERVE, BBMULTICONFIG, ...) from
 * conf/local.conf, site.conf, auto.conf and conf/multiconfig/*.conf. It is not BitBake: no
 * Python, no includes of layers, no override resolution beyond :append/:prepend/:remove.
 *
 * Understood: `[export ]VAR <op> "value"` with op in = ?= ??= := += =+ .= =., single or double
 * quotes, backslash line continuations, comments, `VAR:append`/`:prepend`/`:remove` (and the
 * pre-honister `_append`/`_prepend`/`_remove`), `unset VAR`. Flags (`VAR[doc] = ...`),
 * conditional overrides (`VAR:qemuarm = ...`), include/require/inherit lines are recorded as
 * skipped so the UI can say what was not evaluated.
 */
import type { ConfAssignment, ConfOperator } from '../../../../shared/model/sources';

/** An assignment plus the override suffix it carries (append/prepend/remove), if any. */
export interface ParsedAssignment extends ConfAssignment {
  /** ':append', ':prepend', ':remove' (old `_append` syntax normalized), or null. */
  suffix: ':append' | ':prepend' | ':remove' | null;
}

/** What parsing one file gave. */
export interface ParsedConf {
  file: string;
  assignments: ParsedAssignment[];
  /** `unset VAR` statements, in order, interleaved by line with assignments. */
  unsets: Array<{ name: string; line: number }>;
  /** Lines understood but not evaluated (include, require, inherit, flags, overrides). */
  skipped: Array<{ line: number; text: string; reason: string }>;
  /** Lines not understood at all (BitBake would refuse the file). */
  errors: Array<{ line: number; text: string }>;
}

const ASSIGN =
  /^(?:export\s+)?([A-Za-z0-9_${}/.+-]+?)((?::[A-Za-z0-9_${}-]+)*)(\[[A-Za-z0-9_.+-]+\])?\s*(\?\?=|\?=|:=|\+=|=\+|\.=|=\.|=)\s*(["'])(.*)\5\s*$/s;
const STATEMENT = /^(include|require|inherit|include_all|addtask|addhandler|EXPORT_FUNCTIONS|python|def)\b/;

/** Joins continuation lines and yields logical lines with the 1-based line they start on. */
function* logicalLines(text: string): Generator<{ line: number; text: string }> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let s = lines[i] ?? '';
    // BitBake strips trailing whitespace, drops the backslash and joins without a newline.
    while (/\\\s*$/.test(s) && i + 1 < lines.length && !s.trimStart().startsWith('#')) {
      s = s.replace(/\\\s*$/, '') + (lines[++i] ?? '');
    }
    yield { line: start, text: s };
  }
}

/** Parses the text of one conf file. Never throws: problems are listed in the result. */
export function parseConf(text: string, file: string): ParsedConf {
  const out: ParsedConf = { file, assignments: [], unsets: [], skipped: [], errors: [] };
  for (const { line, text: raw } of logicalLines(text)) {
    const s = raw.trim();
    if (s === '' || s.startsWith('#')) continue;
    const unset = /^unset\s+([A-Za-z0-9_${}/.+-]+)\s*$/.exec(s);
    if (unset) {
      out.unsets.push({ name: unset[1] ?? '', line });
      continue;
    }
    if (STATEMENT.test(s)) {
      out.skipped.push({ line, text: s, reason: 'statement not evaluated' });
      continue;
    }
    const m = ASSIGN.exec(s);
    if (!m) {
      if (/^export\s+[A-Za-z0-9_]+\s*$/.test(s)) continue; // `export VAR` alone: no value
      out.errors.push({ line, text: s });
      continue;
    }
    const [, rawName = '', overrides = '', flag, op = '=', , value = ''] = m;
    if (flag) {
      out.skipped.push({ line, text: s, reason: 'variable flag' });
      continue;
    }
    let name = rawName;
    let suffix: ParsedAssignment['suffix'] = null;
    let rest = overrides;
    for (const sfx of [':append', ':prepend', ':remove'] as const) {
      if (rest.endsWith(sfx)) {
        suffix = sfx;
        rest = rest.slice(0, -sfx.length);
        break;
      }
    }
    // Old override syntax (before honister): VAR_append.
    const old = /^(.*)_(append|prepend|remove)$/.exec(name);
    if (!suffix && rest === '' && old?.[1]) {
      name = old[1];
      suffix = `:${old[2]}` as ParsedAssignment['suffix'];
    }
    if (rest !== '') {
      out.skipped.push({ line, text: s, reason: `conditional override ${rest}` });
      continue;
    }
    out.assignments.push({ name, op: op as ConfOperator, raw: value, file, line, suffix });
  }
  return out;
}
