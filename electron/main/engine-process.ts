/**
 * The engine's process (an Electron utilityProcess): the dispatcher and the services run here,
 * off the main process, so a long scan never freezes menus or windows. Main forwards calls in and
 * events out; this file speaks only plain messages on process.parentPort.
 */
import path from 'node:path';
import { createApi, createDefaultEngine } from '../services/api';
import { appInfo } from '../services/api/app-info';
import { createFileRecentStore } from '../services/api/workspace-registry';
import type { EngineMessage, MainMessage } from './engine-messages';

const port = process.parentPort;
const userData = process.env.HASHEQUIV_USER_DATA ?? '';
const api = createApi({
  engine: createDefaultEngine(),
  app: appInfo('electron', process.env.HASHEQUIV_APP_VERSION ?? undefined),
  ...(userData ? { recent: createFileRecentStore(path.join(userData, 'recent.json')) } : {}),
  log: (line) => process.stderr.write(`[engine] ${line}\n`),
});

const post = (msg: EngineMessage): void => port.postMessage(msg);
api.events.subscribe((event, payload) => post({ type: 'event', event, payload }));

port.on('message', (e) => {
  const msg = e.data as MainMessage;
  if (msg?.type !== 'call') return;
  void api
    .dispatch(msg.method, msg.input, { caller: 'ipc' })
    .then((envelope) => post({ type: 'result', id: msg.id, envelope }));
});

process.on('exit', () => api.close());
post({ type: 'ready' });
