import type { InspectorBridge } from '../../shared/contract/bridge';
import { BRIDGE_GLOBAL } from '../../shared/contract/bridge';
import type { Transport } from '../../shared/rpc/client';
import { ipcTransport } from './ipc-transport';
import { webTransport } from './web-transport';

/** Which door the page came through. */
export type TransportKind = 'electron' | 'web';

/**
 * Picks the transport once, at start: the preload's bridge when the page runs in the Electron
 * window, HTTP + WebSocket to the page's own origin otherwise (web mode).
 */
export function chooseTransport(win: Window): { kind: TransportKind; transport: Transport } {
  const bridge = (win as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] as InspectorBridge | undefined;
  if (bridge && typeof bridge.subscribe === 'function')
    return { kind: 'electron', transport: ipcTransport(bridge) };
  return {
    kind: 'web',
    transport: webTransport({
      origin: win.location.origin,
      fetch: win.fetch.bind(win),
      WebSocket: (win as unknown as { WebSocket: typeof WebSocket }).WebSocket,
    }),
  };
}
