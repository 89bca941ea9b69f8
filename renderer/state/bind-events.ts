import type { Client } from '../../shared/rpc/client';
import type { AppStore } from './create-app-store';

/**
 * Binds engine events to store actions, once, at start-up (never in scattered effects).
 * Returns the function that unbinds them all.
 */
export function bindEvents(store: AppStore, client: Pick<Client, 'subscribe'>): () => void {
  const s = () => store.getState();
  const offs = [
    client.subscribe('job.progress', (p) => s().jobProgress(p)),
    client.subscribe('job.finished', (p) => s().jobFinished(p)),
    client.subscribe('workspace.changed', (p) => void s().workspaceChanged(p)),
    client.subscribe('app.openPaths', (p) => {
      if (p.intent === 'open') void s().openPaths(p.paths);
      else void s().addBuild(p.paths);
    }),
    client.subscribe('app.openDemo', () => void s().openDemo()),
  ];
  return () => offs.forEach((off) => off());
}
