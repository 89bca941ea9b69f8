import { z } from 'zod';
import { chooseTransport, createClient } from '../api';
import { bindEvents, createAppStore, type AppStore } from '../state';

/** The renderer's wiring without the UI: transport, client, store, events, first loads. */
export interface RendererContext {
  store: AppStore;
  kind: 'electron' | 'web';
  /** Unbinds the engine events. */
  unbind(): void;
}

/**
 * Picks the transport (Electron preload or web), creates the client and the store with the API
 * injected, binds engine events once, and starts the first loads (info, recent, workspaces).
 */
export function createRendererContext(win: Window): RendererContext {
  // No eval under our CSP: zod must not even probe for `new Function` (the probe is reported).
  z.config({ jitless: true });
  // The server traded ?token= for a cookie; never leave a token in the address bar or history.
  if (new URL(win.location.href).searchParams.has('token')) {
    const url = new URL(win.location.href);
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  const { kind, transport } = chooseTransport(win);
  const client = createClient(transport, {
    onInvalidEvent: (event, message) => console.warn(`dropped event ${event}: ${message}`),
  });
  const store = createAppStore({ api: client.api });
  const unbind = bindEvents(store, client);
  const s = store.getState();
  void s.loadInfo();
  void s.loadRecent();
  void s.loadWorkspaces();
  return { store, kind, unbind };
}
