/**
 * The Electron main process: one window, native menus, dialogs, drag-and-drop and open-file,
 * and the IPC adapter. The engine runs in a utilityProcess; main only forwards calls to it and
 * events from it (plus keeping server tokens in the OS keychain, and answering `app.choosePaths`
 * with a native dialog, which the engine cannot show).
 */
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, safeStorage, screen, session, shell } from 'electron';
import type { OpenDialogOptions } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type RecentEntry } from '../../shared/contract';
import { errorEnvelope } from '../../shared/rpc/envelope';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import {
  CHOOSE_PATHS_METHOD,
  answerChoosePaths,
  choosePathsDialogOptions,
  choosePathsOutput,
} from './choose-paths';
import { startEngine } from './engine-host';
import { createIpcCallHandler } from './ipc-adapter';
import { buildMenuTemplate } from './menu-template';
import { pathsFromArgv, shouldOpenDemo } from './open-requests';
import { hardenApp } from './security';
import { applySavedToken, createTokenStore } from './server-tokens';
import type { TrustPolicy } from './trusted-sender';
import { DEFAULT_SIZE, loadWindowState, saveWindowState } from './window-state';

/** The channel the preload uses to hand over paths dropped on the window. */
export const IPC_DROP_CHANNEL = 'hashequiv:dropped';
const DOCS_URL = 'https://github.com/hashequiv/inspector#readme';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  let win: BrowserWindow | null = null;
  // Paths asked for before the window could take them (argv, macOS open-file before ready).
  const queued: Array<{ event: 'app.openPaths' | 'app.openDemo'; payload: unknown }> = [];
  const devUrl =
    typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;
  const pageUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
  const prefixes = [devUrl ? new URL(devUrl).origin + '/' : `${APP_ORIGIN}/`];
  const isOurPage = (url: string): boolean => prefixes.some((p) => url.startsWith(p));
  const userData = (): string => app.getPath('userData');
  const log = (line: string): void => void process.stderr.write(`[main] ${line}\n`);

  const sendEvent = (event: string, payload: unknown): void => {
    win?.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  };
  const request = (event: 'app.openPaths' | 'app.openDemo', payload: unknown): void => {
    if (win && !win.webContents.isLoading()) sendEvent(event, payload);
    else queued.push({ event, payload });
  };
  const requestOpen = (paths: string[], intent: 'open' | 'add' | 'compare'): void => {
    if (paths.length > 0) request('app.openPaths', { paths, intent });
  };

  const engine = startEngine(
    path.join(__dirname, 'engine-process.cjs'),
    {
      HASHEQUIV_USER_DATA: app.getPath('userData'),
      HASHEQUIV_APP_VERSION: app.getVersion(),
    },
    log,
  );
  engine.onEvent((event, payload) => {
    sendEvent(event, payload);
    if (event === 'workspace.changed') void refreshMenu();
  });

  const showOpenDialog = (options: OpenDialogOptions) =>
    win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
  const tokens = createTokenStore(path.join(userData(), 'server-tokens.json'), safeStorage);
  const forward = async (method: string, input: unknown) => {
    // The engine (a utilityProcess) cannot show dialogs: main answers the Start view's Open… itself.
    if (method === CHOOSE_PATHS_METHOD) return answerChoosePaths(input, showOpenDialog);
    if (method === 'server.forgetToken') {
      const address = (input as { address?: unknown } | null)?.address;
      if (typeof address !== 'string')
        return errorEnvelope({ code: 'INVALID_INPUT', message: 'address is required' });
      return { ok: true as const, value: { forgotten: tokens.delete(address) } };
    }
    return engine.call(method, applySavedToken(method, input, tokens));
  };
  const policy = (): TrustPolicy => ({
    webContentsIds: new Set(win ? [win.webContents.id] : []),
    urlPrefixes: prefixes,
  });
  ipcMain.handle(IPC_CALL_CHANNEL, createIpcCallHandler(forward, policy, log));
  ipcMain.on(IPC_DROP_CHANNEL, (event, paths: unknown) => {
    if (
      !win ||
      event.sender.id !== win.webContents.id ||
      !event.senderFrame ||
      event.senderFrame.parent !== null
    )
      return;
    if (!Array.isArray(paths)) return;
    requestOpen(
      paths.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p)),
      'open',
    );
  });

  const pick = async (options: OpenDialogOptions): Promise<string[]> => {
    return choosePathsOutput(await showOpenDialog(options)).paths;
  };
  const refreshMenu = async (): Promise<void> => {
    const r = await engine.call('workspace.recent', {});
    const recent = r.ok ? (r.value as RecentEntry[]) : [];
    const template = buildMenuTemplate(
      {
        openBuildDirectory: () =>
          void pick(choosePathsDialogOptions({ kind: 'directory', purpose: 'open' })).then((p) =>
            requestOpen(p, 'open'),
          ),
        openFile: () =>
          void pick(choosePathsDialogOptions({ kind: 'files', purpose: 'open' })).then((p) =>
            requestOpen(p, 'open'),
          ),
        openRecent: (entry) => requestOpen(entry.paths, 'open'),
        compareWithAnotherBuild: () =>
          void pick(choosePathsDialogOptions({ kind: 'directory', purpose: 'compare' })).then((p) =>
            requestOpen(p, 'compare'),
          ),
        openDocs: () => void shell.openExternal(DOCS_URL),
      },
      {
        appName: app.getName(),
        version: app.getVersion(),
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        recent,
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  const createWindow = (): void => {
    const stateFile = path.join(userData(), 'window-state.json');
    const state = loadWindowState(
      stateFile,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    win = new BrowserWindow({
      ...(state ? { x: state.x, y: state.y, width: state.width, height: state.height } : DEFAULT_SIZE),
      minWidth: 640,
      minHeight: 400,
      show: false,
      title: 'Hash Equivalence Inspector',
      webPreferences: {
        preload: path.join(__dirname, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    if (state?.maximized) win.maximize();
    const remember = (): void => {
      if (!win || win.isMinimized()) return;
      const b = win.getNormalBounds();
      saveWindowState(stateFile, { ...b, maximized: win.isMaximized() });
    };
    win.on('close', remember);
    win.once('ready-to-show', () => win?.show());
    win.webContents.on('did-finish-load', () => {
      for (const q of queued.splice(0)) sendEvent(q.event, q.payload);
    });
    win.on('closed', () => {
      win = null;
    });
    void win.loadURL(pageUrl);
  };

  app.on('second-instance', (_event, argv, cwd) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    requestOpen(pathsFromArgv(argv, cwd, process.defaultApp === true), 'open');
  });
  // macOS: files dropped on the Dock icon or opened with the app (may arrive before ready).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    requestOpen([file], 'open');
  });

  void app.whenReady().then(() => {
    hardenApp(app, session.defaultSession, isOurPage);
    if (!devUrl) serveRenderer(path.join(__dirname, `../renderer/${MAIN_WINDOW_VITE_NAME}`));
    const argvPaths = pathsFromArgv(process.argv, process.cwd(), process.defaultApp === true);
    requestOpen(argvPaths, 'open');
    void engine.call('workspace.recent', {}).then((r) => {
      const recentCount = r.ok ? (r.value as RecentEntry[]).length : 0;
      if (shouldOpenDemo(process.argv, argvPaths, recentCount)) request('app.openDemo', {});
    });
    void refreshMenu();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => engine.stop());
}
