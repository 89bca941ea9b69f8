import { describe, expect, it } from 'vitest';
import {
  layoutClass,
  MAX_GRAPH_MEMBERS,
  NODE_W,
} from '../../../../renderer/features/equivalence/class-graph-layout';
import type { EquivalenceClass } from '../../../../shared/model/tasks';

const h = (n: number) => n.toString(16).padStart(64, '0');
const member = (n: number, created: string, canonical = false) => ({
  taskhash: h(n),
  outhash: h(900 + n),
  pn: 'zlib',
  task: 'do_compile',
  created,
  canonical,
});

describe('layoutClass', () => {
  it('puts every taskhash left of the unihash, canonical first then by date', () => {
    const c: EquivalenceClass = {
      unihash: h(2),
      method: 'm',
      members: [
        member(3, '2026-01-14 10:00'),
        member(1, '2026-01-13 10:00'),
        member(2, '2026-01-12 10:00', true),
      ],
    };
    const l = layoutClass(c);
    const uni = l.nodes.find((n) => n.kind === 'unihash')!;
    const tasks = l.nodes.filter((n) => n.kind === 'taskhash');
    expect(tasks.map((n) => n.member!.taskhash)).toEqual([h(2), h(1), h(3)]);
    for (const t of tasks) expect(t.x + NODE_W).toBeLessThan(uni.x);
    expect(l.edges).toHaveLength(3);
    expect(l.edges.filter((e) => e.canonical).map((e) => e.source)).toEqual([`t:${h(2)}`]);
    expect(l.hidden).toBe(0);
  });

  it('draws at most MAX_GRAPH_MEMBERS and says how many are left out', () => {
    const members = Array.from({ length: MAX_GRAPH_MEMBERS + 7 }, (_, i) =>
      member(i + 1, `2026-01-${10 + (i % 9)}`),
    );
    const l = layoutClass({ unihash: h(1), method: 'm', members });
    expect(l.nodes).toHaveLength(MAX_GRAPH_MEMBERS + 1);
    expect(l.hidden).toBe(7);
  });
});
