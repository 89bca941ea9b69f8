/** One sigtext line that differs between two outhash computations. */
export interface OuthashLineDiff {
  path: string;
  a: string | null;
  b: string | null;
}

// An entry line ends with: digest field (64 hex or 64 spaces), a space, the path, and for
// symlinks ` -> target` (spec/outhash.md §5). Anything else is a header line.
const ENTRY = /(?:[0-9a-f]{64}| {64}) (.+?)(?: -> .*)?$/;

/** The path an entry line is about, or null for a header line. */
export function entryPath(line: string): string | null {
  const m = ENTRY.exec(line);
  return m ? (m[1] ?? null) : null;
}

/**
 * Pairs the lines of two sigtexts by the path they describe and keeps those that differ (header
 * lines are paired by position): the answer to "why do my outhashes differ from CI's?".
 */
export function diffOuthashLines(
  a: readonly string[],
  b: readonly string[],
): {
  header: OuthashLineDiff[];
  entries: OuthashLineDiff[];
} {
  const split = (lines: readonly string[]) => {
    const header: string[] = [];
    const entries = new Map<string, string>();
    for (const line of lines) {
      const p = entryPath(line);
      if (p === null) header.push(line);
      else entries.set(p, line);
    }
    return { header, entries };
  };
  const sa = split(a);
  const sb = split(b);
  const header: OuthashLineDiff[] = [];
  for (let i = 0; i < Math.max(sa.header.length, sb.header.length); i++) {
    const la = sa.header[i] ?? null;
    const lb = sb.header[i] ?? null;
    if (la !== lb) header.push({ path: `header line ${i + 1}`, a: la, b: lb });
  }
  const entries: OuthashLineDiff[] = [];
  const paths = [...new Set([...sa.entries.keys(), ...sb.entries.keys()])].sort();
  for (const p of paths) {
    const la = sa.entries.get(p) ?? null;
    const lb = sb.entries.get(p) ?? null;
    if (la !== lb) entries.push({ path: p, a: la, b: lb });
  }
  return { header, entries };
}
