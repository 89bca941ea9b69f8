/**
 * The preload: exposes `window.inspector` — one function per method of the API table plus
 * `subscribe(event, listener)` — and nothing else. ipcRenderer never reaches the page. Paths of
 * files and folders dropped on the window are read here (the sandboxed page cannot see them) and
 * handed to main, which asks the renderer to open them (app.openPaths).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_GLOBAL, type InspectorBridge } from '../../shared/contract/bridge';
import { EVENT_NAMES, type EventName } from '../../shared/contract/events';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract';
import { METHOD_NAMES } from '../../shared/contract/methods';

const IPC_DROP_CHANNEL = 'hashequiv:dropped';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: { event: EventName; payload: unknown }) => {
  for (const l of listeners.get(message?.event) ?? []) l(message.payload);
});

const methods = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input)]),
);

const bridge = {
  ...methods,
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    if (!EVENT_NAMES.includes(event) || typeof listener !== 'function') return () => {};
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
} as unknown as InspectorBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);

/** The little of the DOM used here (the electron tsconfig has Node types only, on purpose). */
interface DragEventLike {
  preventDefault(): void;
  dataTransfer: { files: ArrayLike<File> } | null;
}
const page = globalThis as unknown as {
  addEventListener(type: 'dragover' | 'drop', listener: (e: DragEventLike) => void): void;
};

// Dropping files or folders anywhere on the window opens them.
page.addEventListener('dragover', (e) => e.preventDefault());
page.addEventListener('drop', (e) => {
  e.preventDefault();
  const files = Array.from(e.dataTransfer?.files ?? []);
  const paths = files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
  if (paths.length > 0) ipcRenderer.send(IPC_DROP_CHANNEL, paths);
});
