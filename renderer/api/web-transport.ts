import { HTTP_RPC_PREFIX, WS_EVENTS_PATH } from '../../shared/contract';
import { InspectorError } from '../../shared/model/errors';
import type { Transport } from '../../shared/rpc/client';

/** What the web transport needs from the browser (injected, so tests can pass fakes). */
export interface WebTransportEnv {
  /** The page's origin, e.g. http://127.0.0.1:8080. */
  origin: string;
  fetch: typeof fetch;
  WebSocket: typeof WebSocket;
  /** Reconnect delay after the event socket drops (default 1 s, doubling to 15 s). */
  reconnectMs?: number;
}

/**
 * The web-mode transport: `POST /rpc/<method>` with a JSON body, and one WebSocket on /events
 * for pushes (reconnected when it drops). The session cookie set by the server carries the token.
 */
export function webTransport(env: WebTransportEnv): Transport {
  return {
    async call(method, input) {
      const res = await env.fetch(`${env.origin}${HTTP_RPC_PREFIX}${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(input ?? {}),
      });
      if (res.status === 401 || res.status === 403) {
        throw new InspectorError(
          'PERMISSION_DENIED',
          'The server refused this page: open the URL printed by `hashequiv serve` again (it carries the token).',
        );
      }
      const type = res.headers.get('content-type') ?? '';
      if (!type.startsWith('application/json')) {
        throw new InspectorError(
          'PROTOCOL',
          `${method}: the server answered HTTP ${res.status} without JSON`,
        );
      }
      return res.json() as Promise<unknown>;
    },

    listen(listener) {
      let socket: WebSocket | null = null;
      let stopped = false;
      let delay = env.reconnectMs ?? 1000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const connect = (): void => {
        const url = env.origin.replace(/^http/, 'ws') + WS_EVENTS_PATH;
        socket = new env.WebSocket(url);
        socket.onopen = () => {
          delay = env.reconnectMs ?? 1000;
        };
        socket.onmessage = (msg: MessageEvent) => {
          try {
            const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
            listener(event, payload);
          } catch {
            // A message that is not JSON is not an event: ignore it.
          }
        };
        socket.onclose = () => {
          if (stopped) return;
          timer = setTimeout(connect, delay);
          delay = Math.min(delay * 2, 15_000);
        };
      };
      connect();
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        socket?.close();
      };
    },
  };
}
