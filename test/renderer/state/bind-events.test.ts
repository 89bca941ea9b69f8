import { describe, expect, it, vi } from 'vitest';
import type { AppStore } from '../../../renderer/state/create-app-store';
import { bindEvents } from '../../../renderer/state/bind-events';

/** A subscribe that records handlers so the test can fire events by name. */
function fakeClient() {
  const handlers = new Map<string, (p: unknown) => void>();
  return {
    handlers,
    subscribe: ((name: string, cb: (p: unknown) => void) => {
      handlers.set(name, cb);
      return () => handlers.delete(name);
    }) as never,
  };
}

describe('bindEvents', () => {
  it('routes the shell’s open requests to store actions, and unbinds them all', () => {
    const actions = {
      openPaths: vi.fn(),
      addBuild: vi.fn(),
      openDemo: vi.fn(),
      jobProgress: vi.fn(),
      jobFinished: vi.fn(),
      workspaceChanged: vi.fn(),
    };
    const store = { getState: () => actions } as unknown as AppStore;
    const client = fakeClient();
    const off = bindEvents(store, client);
    client.handlers.get('app.openDemo')!({});
    client.handlers.get('app.openPaths')!({ paths: ['/b'], intent: 'open' });
    client.handlers.get('app.openPaths')!({ paths: ['/c'], intent: 'compare' });
    expect(actions.openDemo).toHaveBeenCalledOnce();
    expect(actions.openPaths).toHaveBeenCalledWith(['/b']);
    expect(actions.addBuild).toHaveBeenCalledWith(['/c']);
    off();
    expect(client.handlers.size).toBe(0);
  });
});
