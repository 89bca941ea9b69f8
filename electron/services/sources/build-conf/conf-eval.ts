/**
 * Applies parsed conf assignments in BitBake's order and expands `${VAR}` references, for the
 * handful of variables the inspector needs. `${@python}` and variables set by layers (MACHINE,
 * DISTRO...) stay unexpanded and are listed, so callers can tell a guess from a fact.
 */
import type { ConfAssignment, ConfVariables } from '../../../../shared/model/sources';
import type { ParsedConf } from './conf-parser';

/** Defaults from OE-Core's bitbake.conf / sstate.bbclass, applied only when conf sets nothing. */
export const OE_DEFAULTS: Readonly<Record<string, string>> = {
  TMPDIR: '${TOPDIR}/tmp',
  PERSISTENT_DIR: '${TOPDIR}/cache',
  CACHE: '${TMPDIR}/cache',
  STAMPS_DIR: '${TMPDIR}/stamps',
  SSTATE_DIR: '${TOPDIR}/sstate-cache',
  LOG_DIR: '${TMPDIR}/log',
};

const MAX_EXPANSION_DEPTH = 32;

/**
 * Expands `${NAME}` from `values` recursively (depth-bounded, so a self reference cannot loop).
 * Returns the text and whether anything stayed unexpanded.
 */
export function expandValue(
  text: string,
  values: Readonly<Record<string, string>>,
  depth = 0,
): { value: string; complete: boolean } {
  let complete = true;
  if (depth > MAX_EXPANSION_DEPTH) return { value: text, complete: false };
  const value = text.replace(/\$\{([A-Za-z0-9_+.-]+)\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) {
      complete = false;
      return whole;
    }
    const inner = expandValue(v, values, depth + 1);
    if (!inner.complete) complete = false;
    return inner.value;
  });
  if (value.includes('${@')) complete = false;
  return { value, complete };
}

/**
 * Evaluates conf files in order (site.conf, auto.conf, local.conf, then a multiconfig's file).
 * `initial` seeds values such as TOPDIR; `defaults` act like `??=` applied last.
 */
export function evaluateConf(
  files: readonly ParsedConf[],
  initial: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>> = OE_DEFAULTS,
): ConfVariables {
  const values: Record<string, string> = { ...initial };
  const weak: Record<string, string> = {};
  const deferred: Array<{ name: string; suffix: string; raw: string }> = [];
  const applied: ConfAssignment[] = [];

  type Step = { line: number; run: () => void };
  for (const conf of files) {
    const steps: Step[] = [];
    for (const a of conf.assignments) {
      steps.push({
        line: a.line,
        run: () => {
          applied.push({ name: a.name, op: a.op, raw: a.raw, file: a.file, line: a.line });
          if (a.suffix) {
            deferred.push({ name: a.name, suffix: a.suffix, raw: a.raw });
            return;
          }
          const cur = values[a.name];
          switch (a.op) {
            case '=':
              values[a.name] = a.raw;
              break;
            case ':=':
              values[a.name] = expandValue(a.raw, values).value;
              break;
            case '?=':
              if (cur === undefined) values[a.name] = a.raw;
              break;
            case '??=':
              weak[a.name] = a.raw;
              break;
            case '+=':
              values[a.name] = `${cur ?? weak[a.name] ?? ''} ${a.raw}`;
              break;
            case '=+':
              values[a.name] = `${a.raw} ${cur ?? weak[a.name] ?? ''}`;
              break;
            case '.=':
              values[a.name] = `${cur ?? weak[a.name] ?? ''}${a.raw}`;
              break;
            case '=.':
              values[a.name] = `${a.raw}${cur ?? weak[a.name] ?? ''}`;
              break;
          }
        },
      });
    }
    for (const u of conf.unsets) {
      steps.push({
        line: u.line,
        run: () => {
          delete values[u.name];
          delete weak[u.name];
        },
      });
    }
    steps.sort((x, y) => x.line - y.line);
    for (const s of steps) s.run();
  }
  for (const [k, v] of Object.entries(weak)) if (values[k] === undefined) values[k] = v;
  for (const [k, v] of Object.entries(defaults)) if (values[k] === undefined) values[k] = v;
  // :append/:prepend/:remove are applied when the variable is finalized, after all assignments.
  for (const d of deferred) {
    const cur = values[d.name] ?? '';
    if (d.suffix === ':append') values[d.name] = cur + d.raw;
    else if (d.suffix === ':prepend') values[d.name] = d.raw + cur;
    else {
      const drop = new Set(expandValue(d.raw, values).value.split(/\s+/).filter(Boolean));
      values[d.name] = cur
        .split(/\s+/)
        .filter((w) => w !== '' && !drop.has(w))
        .join(' ');
    }
  }
  const expanded: Record<string, string> = {};
  const unexpanded: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const r = expandValue(v, values);
    expanded[k] = r.value;
    if (!r.complete) unexpanded.push(k);
  }
  return { values: expanded, assignments: applied, unexpanded: unexpanded.sort() };
}
