/**
 * The view table: one entry per view of the nav rail, in order. A feature adds its view here
 * (one import + one entry); `render` receives the route's `q`/`sel` for views that keep their
 * own state.
 */
import type { ReactNode } from 'react';
import type { ViewId } from '../features/shell/route';
import { SourcesView } from '../features/sources/sources-view';
import { StartView } from '../features/start/start-view';
import { TaskDetailView } from '../features/task-detail/task-detail-view';
import { TasksView } from '../features/tasks/tasks-view';
import { CompareView } from '../features/compare';
import { EquivalenceView } from '../features/equivalence';
import { OuthashView } from '../features/outhash';
import { ServerView } from '../features/server';
import { WhyRebuiltView } from '../features/why-rebuilt';

/** One view of the app. */
export interface ViewEntry {
  id: ViewId;
  title: string;
  /** One or two letters for the rail icon. */
  icon: string;
  /** Key after `g` (see shell/use-global-keys). */
  go?: string;
  /** Shown in the nav rail (the task detail is reached from the list, not the rail). */
  inRail: boolean;
  /** Needs an open workspace (else the Start view is shown with a hint). */
  needsWorkspace: boolean;
  render: (params: { q?: string | undefined; sel?: string | undefined }) => ReactNode;
}

/** Every view, in nav-rail order. */
export const VIEWS: readonly ViewEntry[] = [
  {
    id: 'start',
    title: 'Start',
    icon: '⌂',
    go: 'h',
    inRail: true,
    needsWorkspace: false,
    render: () => <StartView />,
  },
  {
    id: 'sources',
    title: 'Sources',
    icon: '▤',
    go: 's',
    inRail: true,
    needsWorkspace: true,
    render: () => <SourcesView />,
  },
  {
    id: 'tasks',
    title: 'Tasks',
    icon: '☰',
    go: 't',
    inRail: true,
    needsWorkspace: true,
    render: () => <TasksView />,
  },
  {
    id: 'task',
    title: 'Task',
    icon: '◉',
    inRail: false,
    needsWorkspace: true,
    render: () => <TaskDetailView />,
  },
  {
    id: 'equivalence',
    title: 'Equivalence',
    icon: '≡',
    go: 'e',
    inRail: true,
    needsWorkspace: true,
    render: (p) => <EquivalenceView q={p.q} sel={p.sel} />,
  },
  {
    id: 'why-rebuilt',
    title: 'Why rebuilt',
    icon: '?',
    go: 'w',
    inRail: true,
    needsWorkspace: true,
    render: (p) => <WhyRebuiltView sel={p.sel} />,
  },
  {
    id: 'outhash',
    title: 'Outhash',
    icon: '#',
    go: 'o',
    inRail: true,
    needsWorkspace: false,
    render: (p) => <OuthashView sel={p.sel} />,
  },
  {
    id: 'server',
    title: 'Server',
    icon: '⇄',
    go: 'v',
    inRail: true,
    needsWorkspace: true,
    render: (p) => <ServerView q={p.q} />,
  },
  {
    id: 'compare',
    title: 'Compare builds',
    icon: '⇔',
    go: 'c',
    inRail: true,
    needsWorkspace: true,
    render: (p) => <CompareView sel={p.sel} />,
  },
];

/** The entry of a view id (the table covers every id). */
export const viewEntry = (id: ViewId): ViewEntry => VIEWS.find((v) => v.id === id) ?? VIEWS[0]!;
