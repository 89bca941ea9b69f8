import type { MenuItemConstructorOptions } from 'electron';
import type { RecentEntry } from '../../shared/contract/api-schemas';

/** What the menu items do (main wires them to dialogs and the renderer). */
export interface MenuActions {
  openBuildDirectory(): void;
  openFile(): void;
  openRecent(entry: RecentEntry): void;
  compareWithAnotherBuild(): void;
  openDocs(): void;
}

/** What the menu shows. */
export interface MenuInfo {
  appName: string;
  version: string;
  isMac: boolean;
  /** Development build: adds Reload and the developer tools. */
  isDev: boolean;
  recent: readonly RecentEntry[];
}

/**
 * The native menu: File (open a build directory or files, recent, compare), Edit, View, Window
 * and Help (version, documentation). Pure: main turns it into a Menu.
 */
export function buildMenuTemplate(actions: MenuActions, info: MenuInfo): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] =
    info.recent.length === 0
      ? [{ label: 'No Recent Builds', enabled: false }]
      : info.recent.map((entry) => ({
          label: `${entry.label} — ${entry.paths.join(', ')}`,
          click: () => actions.openRecent(entry),
        }));
  const template: MenuItemConstructorOptions[] = [];
  if (info.isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Build Directory…',
          accelerator: 'CmdOrCtrl+O',
          click: () => actions.openBuildDirectory(),
        },
        { label: 'Open File…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openFile() },
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        {
          label: 'Compare With Another Build…',
          accelerator: 'CmdOrCtrl+Shift+C',
          click: () => actions.compareWithAnotherBuild(),
        },
        { type: 'separator' },
        info.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(info.isDev
          ? ([
              { role: 'reload' },
              { role: 'toggleDevTools' },
              { type: 'separator' },
            ] as MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `${info.appName} ${info.version}`, enabled: false },
        { label: 'Documentation', click: () => actions.openDocs() },
      ],
    },
  );
  return template;
}
