import type { InspectorBridge } from '../../shared/contract/bridge';
import { EVENT_NAMES } from '../../shared/contract/events';
import type { Transport } from '../../shared/rpc/client';

/** The Electron transport: calls go through the preload's bridge (`window.inspector`). */
export function ipcTransport(bridge: InspectorBridge): Transport {
  return {
    call(method, input) {
      const fn = bridge[method] as (input: unknown) => Promise<unknown>;
      return fn(input);
    },
    listen(listener) {
      const offs = EVENT_NAMES.map((event) => bridge.subscribe(event, (payload) => listener(event, payload)));
      return () => offs.forEach((off) => off());
    },
  };
}
