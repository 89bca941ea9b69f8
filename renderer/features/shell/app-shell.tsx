import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { copyText } from '../../components/clipboard';
import type { PaletteCommand } from '../../components/command-palette';
import { CommandPalette } from '../../components/command-palette';
import { EmptyState } from '../../components/empty-state';
import { selectActiveWorkspace, selectJobList, useAppStore, useAppStoreApi } from '../../state';
import type { ViewEntry } from '../../app/views';
import { TASK_FILTERS } from '../../../shared/model/tasks';
import { toggleFilter } from '../../../shared/model/filter-syntax';
import { TaskSearchBox } from '../tasks/search-box';
import { ShortcutsHelp } from './shortcuts-help';
import { useGlobalKeys } from './use-global-keys';
import { useHashRoute } from './use-hash-route';

/** Jobs in flight (opening, exporting, comparing): a thin line in the top bar with Cancel. */
function JobStrip() {
  const store = useAppStoreApi();
  const jobs = useAppStore(useShallow(selectJobList));
  if (jobs.length === 0) return null;
  return (
    <div className="jobs" aria-label="Running jobs">
      {jobs.map((j) => (
        <span key={j.jobId} className="job" role="status" data-testid="job-progress">
          {j.method} · {j.progress?.phase ?? 'starting'}{' '}
          {j.progress
            ? `${j.progress.done.toLocaleString()}${j.progress.total !== undefined ? `/${j.progress.total.toLocaleString()}` : ''}`
            : ''}
          <button
            type="button"
            className="link"
            onClick={() => void store.getState().cancelJob(j.jobId)}
            aria-label={`Cancel ${j.method}`}
          >
            Cancel
          </button>
        </span>
      ))}
    </div>
  );
}

/** The top bar: name, workspace, the search box (always reachable with `/`), jobs, palette. */
function TopBar() {
  const store = useAppStoreApi();
  const info = useAppStore((s) => s.info);
  const ws = useAppStore(selectActiveWorkspace);
  const workspaces = useAppStore((s) => s.workspaces);
  return (
    <header className="topbar">
      <h1 className="topbar__name">Hash Equivalence Inspector</h1>
      {info && (
        <span className="muted small" data-testid="app-version">
          {info.version} · {info.mode}
        </span>
      )}
      {ws && (
        <span
          className="topbar__ws"
          data-testid="workspace-title"
          title={ws.builds.map((b) => b.root ?? b.inputs.join(', ')).join('\n')}
        >
          {workspaces.length > 1 ? (
            <select
              aria-label="Workspace"
              value={ws.id}
              onChange={(e) => store.getState().selectWorkspace(e.target.value)}
            >
              {workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.builds.map((b) => b.label).join(' + ') || w.id}
                </option>
              ))}
            </select>
          ) : (
            ws.builds.map((b) => b.label).join(' + ') || ws.id
          )}
        </span>
      )}
      <div className="topbar__search">{ws && <TaskSearchBox />}</div>
      <JobStrip />
      <button
        type="button"
        className="topbar__palette"
        onClick={() => store.getState().setOverlay('palette')}
        // The visible key names belong to the name (WCAG 2.5.3, label in name).
        aria-label="Command palette, Ctrl K"
        aria-keyshortcuts="Control+K"
      >
        <kbd>Ctrl K</kbd>
      </button>
      <button
        type="button"
        onClick={() => store.getState().setOverlay('help')}
        aria-label="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </header>
  );
}

/** The left rail: one button per view, the current one marked. */
function NavRail({ views }: { views: readonly ViewEntry[] }) {
  const store = useAppStoreApi();
  const view = useAppStore((s) => s.view);
  const hasWs = useAppStore((s) => s.activeWorkspaceId !== null);
  const current = view === 'task' ? 'tasks' : view;
  return (
    <nav className="rail" aria-label="Views">
      {views
        .filter((v) => v.inRail)
        .map((v) => (
          <button
            key={v.id}
            type="button"
            className={`rail__item${v.id === current ? ' is-current' : ''}`}
            aria-current={v.id === current ? 'page' : undefined}
            aria-label={v.title}
            title={`${v.title}${v.go ? `  (g ${v.go})` : ''}`}
            disabled={v.needsWorkspace && !hasWs}
            onClick={() => store.getState().navigate(v.id)}
          >
            <span className="rail__icon" aria-hidden="true">
              {v.icon}
            </span>
            <span className="rail__label">{v.title}</span>
          </button>
        ))}
    </nav>
  );
}

/** The commands of the palette: every view, every row filter, open, export. */
function usePaletteCommands(views: readonly ViewEntry[]): PaletteCommand[] {
  const store = useAppStoreApi();
  const hasWs = useAppStore((s) => s.activeWorkspaceId !== null);
  return useMemo(() => {
    const s = () => store.getState();
    const cmds: PaletteCommand[] = views
      .filter((v) => v.inRail && (hasWs || !v.needsWorkspace))
      .map((v) => ({
        id: `go-${v.id}`,
        title: `Go to ${v.title}`,
        shortcut: v.go ? `g ${v.go}` : undefined,
        run: () => s().navigate(v.id),
      }));
    cmds.push({
      id: 'demo',
      title: 'Open the demo build',
      keywords: 'sample example',
      run: () => void s().openDemo(),
    });
    if (hasWs) {
      for (const f of TASK_FILTERS)
        cmds.push({
          id: `filter-${f}`,
          title: `Toggle filter is:${f}`,
          keywords: 'tasks filter',
          run: () => {
            s().navigate('tasks');
            void s().setFilterText(toggleFilter(s().tableText, f));
          },
        });
      cmds.push({
        id: 'clear',
        title: 'Clear the search',
        keywords: 'reset filter',
        run: () => void s().setFilterText(''),
      });
      cmds.push({
        id: 'export-csv',
        title: 'Export the filtered tasks as CSV',
        run: () => void s().exportTable('csv'),
      });
      cmds.push({
        id: 'copy-link',
        title: 'Copy a link to this screen',
        keywords: 'deep url share',
        run: () => void copyText(window.location.href).catch(() => undefined),
      });
    }
    cmds.push({ id: 'help', title: 'Keyboard shortcuts', shortcut: '?', run: () => s().setOverlay('help') });
    return cmds;
  }, [store, views, hasWs]);
}

/** The app's frame: top bar, nav rail, the view on screen, the palette and the shortcut list. */
export function AppShell({ views }: { views: readonly ViewEntry[] }) {
  const store = useAppStoreApi();
  useHashRoute(store);
  useGlobalKeys(store);
  const view = useAppStore((s) => s.view);
  const params = useAppStore(useShallow((s) => s.routeParams));
  const overlay = useAppStore((s) => s.overlay);
  const hasWs = useAppStore((s) => s.activeWorkspaceId !== null);
  const commands = usePaletteCommands(views);
  const entry = views.find((v) => v.id === view) ?? views[0]!;
  const close = () => store.getState().setOverlay('none');

  return (
    <div className="shell">
      <TopBar />
      <NavRail views={views} />
      <main className="main" aria-label={entry.title}>
        {entry.needsWorkspace && !hasWs ? (
          <EmptyState
            title="No build open"
            action={
              <button type="button" className="primary" onClick={() => store.getState().navigate('start')}>
                Open a build
              </button>
            }
          >
            {entry.title} needs an open build. Open one from Start, or the demo build to look around.
          </EmptyState>
        ) : (
          entry.render(params)
        )}
      </main>
      <CommandPalette open={overlay === 'palette'} commands={commands} onClose={close} />
      {overlay === 'help' && <ShortcutsHelp onClose={close} />}
    </div>
  );
}
