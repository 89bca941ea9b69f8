import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import { useMemo } from 'react';
import type { ClassMember, EquivalenceClass } from '../../../shared/model/tasks';
import { layoutClass } from './class-graph-layout';
import { shortDate } from './format';

type TaskNodeData = { member: ClassMember; onOpen?: (taskhash: string) => void };
type UniNodeData = { unihash: string; method: string; count: number };

/** A taskhash of the class: hash, recipe:task, outhash and date; canonical member highlighted. */
function TaskhashNode({ data }: NodeProps<Node<TaskNodeData>>) {
  const m = data.member;
  return (
    <div
      className={`eq-node eq-node--task${m.canonical ? ' is-canonical' : ''}`}
      title={`taskhash ${m.taskhash}\nouthash ${m.outhash ?? '—'}\n${m.created ?? ''}`}
    >
      <div className="eq-node__hash">
        {m.canonical && <span className="eq-badge">canonical</span>}
        <code>{m.taskhash.slice(0, 16)}</code>
      </div>
      <div className="eq-node__meta">
        {m.pn ?? '?'}:{m.task ?? '?'}
      </div>
      <div className="eq-node__meta">
        out <code>{m.outhash ? m.outhash.slice(0, 10) : '—'}</code> · {shortDate(m.created)}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

/** The unihash every member folds into. */
function UnihashNode({ data }: NodeProps<Node<UniNodeData>>) {
  return (
    <div className="eq-node eq-node--uni" title={`unihash ${data.unihash}\n${data.method}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="eq-node__hash">
        <span className="eq-badge eq-badge--uni">unihash</span>
        <code>{data.unihash.slice(0, 16)}</code>
      </div>
      <div className="eq-node__meta">{data.count} taskhashes</div>
      <div className="eq-node__meta">{data.method.replace(/^oe\.sstatesig\./, '')}</div>
    </div>
  );
}

const nodeTypes = { taskhash: TaskhashNode, unihash: UnihashNode };

/** Props of ClassGraph. */
export interface ClassGraphProps {
  cls: EquivalenceClass;
  /** Double-click on a taskhash node. */
  onOpenTaskhash?: (taskhash: string) => void;
}

/**
 * The taskhash → unihash mapping of one class drawn as a graph (dagre layout, pan and zoom).
 * Read-only: the member table next to it is the keyboard path; the graph is the overview.
 */
export function ClassGraph({ cls, onOpenTaskhash }: ClassGraphProps) {
  const { nodes, edges, hidden } = useMemo(() => {
    const l = layoutClass(cls);
    const nodes: Node[] = l.nodes.map((n) =>
      n.kind === 'taskhash'
        ? {
            id: n.id,
            type: 'taskhash',
            position: { x: n.x, y: n.y },
            data: { member: n.member! },
            draggable: false,
          }
        : {
            id: n.id,
            type: 'unihash',
            position: { x: n.x, y: n.y },
            data: { unihash: cls.unihash, method: cls.method, count: cls.members.length },
            draggable: false,
          },
    );
    const edges: Edge[] = l.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      className: e.canonical ? 'eq-edge is-canonical' : 'eq-edge',
    }));
    return { nodes, edges, hidden: l.hidden };
  }, [cls]);

  return (
    // The drawing is one image whose keyboard equivalent is the members table: nothing inside it
    // takes the focus. The zoom buttons sit beside the image (an image's content is hidden from
    // assistive technology), in the same provider so they still drive the view.
    <ReactFlowProvider key={cls.unihash}>
      <div className="eq-graph">
        <div
          className="eq-graph__canvas"
          role="img"
          aria-label={`Graph: ${cls.members.length} taskhashes fold into unihash ${cls.unihash}`}
        >
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            fitView
            fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
            minZoom={0.1}
            nodesConnectable={false}
            nodesFocusable={false}
            edgesFocusable={false}
            elementsSelectable={false}
            proOptions={{ hideAttribution: true }}
            onNodeDoubleClick={(_e, n) => {
              if (n.id.startsWith('t:')) onOpenTaskhash?.(n.id.slice(2));
            }}
          >
            <Background gap={16} size={1} />
          </ReactFlow>
        </div>
        <Controls showInteractive={false} />
        {hidden > 0 && (
          <div className="eq-graph__note">{hidden} more taskhashes in the table (not drawn)</div>
        )}
      </div>
    </ReactFlowProvider>
  );
}
