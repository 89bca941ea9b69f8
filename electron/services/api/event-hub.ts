import type { EventName, EventPayload } from '../../../shared/contract/events';

/** Sends one contract event to whoever listens (IPC, WebSocket clients). */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** A listener of every event, as a front door forwards them. */
export type HubListener = (event: EventName, payload: unknown) => void;

/**
 * The engine's outbox of events. Front doors subscribe once and forward: the Electron utility
 * process posts them to main, the web server broadcasts them to its WebSocket clients.
 */
export interface EventHub {
  emit: Emit;
  subscribe(listener: HubListener): () => void;
}

/** Creates an event hub; a throwing listener never stops the others. */
export function createEventHub(onListenerError?: (err: unknown) => void): EventHub {
  const listeners = new Set<HubListener>();
  return {
    emit(event, payload) {
      for (const l of [...listeners]) {
        try {
          l(event, payload);
        } catch (err) {
          onListenerError?.(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
