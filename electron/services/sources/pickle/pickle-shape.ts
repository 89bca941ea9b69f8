import { InspectorError } from '../../../../shared/model/errors';
import type { ErrorWhere } from '../../../../shared/model/errors';
import type { PickleValue } from './pickle-value';

/** Bounds checked on a decoded pickle before it is handed out. */
export interface ShapeLimits {
  /** Symbolic mode: back-references to an enclosing record are legitimate (event logs). */
  allowCycles: boolean;
  maxDepth: number;
  /** Bound on the value's size with shared sub-values counted once per reference. */
  maxItems: number;
  where: ErrorWhere;
}

/** The containers a value holds, or undefined for a scalar. */
export function pickleChildren(v: PickleValue): PickleValue[] | undefined {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return undefined;
  if (Array.isArray(v)) return v;
  switch (v.$type) {
    case 'tuple':
    case 'set':
      return v.items;
    case 'dict':
      return v.entries.flat();
    case 'global':
      return undefined;
    case 'object': {
      const out: PickleValue[] = [v.cls, ...v.args];
      if (v.state !== undefined) out.push(v.state);
      if (v.kwargs !== undefined) out.push(v.kwargs);
      if (v.listitems) out.push(...v.listitems);
      if (v.dictitems) out.push(...v.dictitems.flat());
      return out;
    }
  }
}

function isScalar(v: PickleValue): boolean {
  return (
    v === null ||
    typeof v !== 'object' ||
    v instanceof Uint8Array ||
    (!Array.isArray(v) && v.$type === 'global')
  );
}

interface Frame {
  node: object;
  children: PickleValue[];
  next: number;
  depth: number;
  size: number;
}

/**
 * Walks a decoded pickle once (iteratively: no JS recursion, so no stack overflow) and refuses
 * values a consumer could not walk safely: nesting deeper than maxDepth (TOO_LARGE), cycles in
 * data mode (BAD_FORMAT; a data file never has them, a crafted one could make every recursive
 * consumer loop), and — via shared references — an expanded size beyond maxItems (TOO_LARGE,
 * the "billion laughs" of pickles). Shared sub-values are walked once (memoized).
 */
export function checkPickleShape(root: PickleValue, limits: ShapeLimits): void {
  const rootChildren = pickleChildren(root);
  if (rootChildren === undefined) return;
  const done = new Map<object, { depth: number; size: number }>();
  const onPath = new Set<object>();
  const frames: Frame[] = [{ node: root as object, children: rootChildren, next: 0, depth: 0, size: 1 }];
  onPath.add(root as object);
  const cap = limits.maxItems + 1; // saturate so sums never overflow
  for (;;) {
    const f = frames[frames.length - 1]!;
    if (f.next < f.children.length) {
      const child = f.children[f.next++]!;
      const grand = pickleChildren(child);
      if (grand === undefined) {
        f.size = Math.min(cap, f.size + 1);
        continue;
      }
      if (grand.every(isScalar)) {
        // Leaf containers (hash tuples, string lists) are most of a file: no bookkeeping for them.
        f.depth = Math.max(f.depth, 1);
        f.size = Math.min(cap, f.size + 1 + grand.length);
        if (frames.length >= limits.maxDepth) {
          throw new InspectorError(
            'TOO_LARGE',
            `Pickle value nests deeper than ${limits.maxDepth} levels`,
            limits.where,
          );
        }
        continue;
      }
      const node = child as object;
      const known = done.get(node);
      if (known) {
        f.depth = Math.max(f.depth, known.depth + 1);
        f.size = Math.min(cap, f.size + known.size);
        continue;
      }
      if (onPath.has(node)) {
        if (!limits.allowCycles) {
          throw new InspectorError(
            'BAD_FORMAT',
            'Pickle value contains itself (a cycle); data files never do',
            limits.where,
          );
        }
        continue;
      }
      if (frames.length >= limits.maxDepth) {
        throw new InspectorError(
          'TOO_LARGE',
          `Pickle value nests deeper than ${limits.maxDepth} levels`,
          limits.where,
        );
      }
      onPath.add(node);
      frames.push({ node, children: grand, next: 0, depth: 0, size: 1 });
      continue;
    }
    frames.pop();
    onPath.delete(f.node);
    const result = { depth: f.depth, size: f.size };
    done.set(f.node, result);
    if (f.size > limits.maxItems) {
      throw new InspectorError(
        'TOO_LARGE',
        `Pickle value expands to more than ${limits.maxItems} items through shared references`,
        limits.where,
      );
    }
    const parent = frames[frames.length - 1];
    if (parent === undefined) return;
    parent.depth = Math.max(parent.depth, f.depth + 1);
    parent.size = Math.min(cap, parent.size + f.size);
  }
}
