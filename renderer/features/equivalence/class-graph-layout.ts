import { Graph, layout } from '@dagrejs/dagre';
import type { ClassMember, EquivalenceClass } from '../../../shared/model/tasks';

/** Most taskhash nodes drawn for one class; the member table below the graph lists them all. */
export const MAX_GRAPH_MEMBERS = 150;

/** Size of a taskhash node in the graph (px); the unihash node is the same size. */
export const NODE_W = 230;
export const NODE_H = 58;

/**
 * Above this many members a class is a plain column (what dagre would draw for a star anyway):
 * dagre's general ranking costs seconds at a hundred nodes, a column costs nothing.
 */
const DAGRE_MAX = 40;
const GAP_Y = 14;
const GAP_X = 90;
const MARGIN = 16;

function columnLayout(unihash: string, shown: ClassMember[], hidden: number): ClassGraphLayout {
  const uni = `u:${unihash}`;
  const height = shown.length * (NODE_H + GAP_Y) - GAP_Y;
  return {
    nodes: [
      ...shown.map((m, i): ClassGraphNode => ({
        id: `t:${m.taskhash}`,
        kind: 'taskhash',
        member: m,
        x: MARGIN,
        y: MARGIN + i * (NODE_H + GAP_Y),
      })),
      {
        id: uni,
        kind: 'unihash',
        x: MARGIN + NODE_W + GAP_X,
        y: MARGIN + Math.round(height / 2 - NODE_H / 2),
      },
    ],
    edges: shown.map((m) => ({
      id: `e:${m.taskhash}`,
      source: `t:${m.taskhash}`,
      target: uni,
      canonical: m.canonical,
    })),
    hidden,
  };
}

/** A laid-out node: a taskhash (with its member) or the class's unihash. */
export interface ClassGraphNode {
  id: string;
  kind: 'taskhash' | 'unihash';
  x: number;
  y: number;
  member?: ClassMember;
}

/** A laid-out class: nodes with top-left positions, edges taskhash → unihash. */
export interface ClassGraphLayout {
  nodes: ClassGraphNode[];
  edges: Array<{ id: string; source: string; target: string; canonical: boolean }>;
  /** Members left out of the drawing (the class is larger than MAX_GRAPH_MEMBERS). */
  hidden: number;
}

/**
 * Lays a class out left to right with dagre: every taskhash folds into the unihash on the right.
 * Members are ordered by date (oldest first, the canonical one on top), so the story reads
 * top-down the way it happened. Pure: the same class always gives the same picture.
 */
export function layoutClass(cls: EquivalenceClass): ClassGraphLayout {
  const members = [...cls.members].sort(
    (a, b) =>
      Number(b.canonical) - Number(a.canonical) ||
      (a.created ?? '').localeCompare(b.created ?? '') ||
      a.taskhash.localeCompare(b.taskhash),
  );
  const shown = members.slice(0, MAX_GRAPH_MEMBERS);
  if (shown.length > DAGRE_MAX) return columnLayout(cls.unihash, shown, members.length - shown.length);
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: GAP_Y, ranksep: GAP_X, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  const uni = `u:${cls.unihash}`;
  g.setNode(uni, { width: NODE_W, height: NODE_H });
  for (const m of shown) {
    g.setNode(`t:${m.taskhash}`, { width: NODE_W, height: NODE_H });
    g.setEdge(`t:${m.taskhash}`, uni);
  }
  layout(g);
  const pos = (id: string) => {
    const n = g.node(id);
    // dagre gives centres; React Flow wants top-left corners.
    return { x: Math.round(n.x - NODE_W / 2), y: Math.round(n.y - NODE_H / 2) };
  };
  return {
    nodes: [
      ...shown.map((m): ClassGraphNode => ({
        id: `t:${m.taskhash}`,
        kind: 'taskhash',
        member: m,
        ...pos(`t:${m.taskhash}`),
      })),
      { id: uni, kind: 'unihash', ...pos(uni) },
    ],
    edges: shown.map((m) => ({
      id: `e:${m.taskhash}`,
      source: `t:${m.taskhash}`,
      target: uni,
      canonical: m.canonical,
    })),
    hidden: members.length - shown.length,
  };
}
