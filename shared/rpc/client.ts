/**
 * The caller's side of the contract over any transport: `createClient(transport)` gives an `Api`
 * (one async function per method) plus `subscribe(event, listener)`. Errors come back as thrown
 * InspectorErrors with the engine's code, message and where.
 */
import type { Api, MethodName } from '../contract/methods';
import { METHOD_NAMES } from '../contract/methods';
import type { EventListener, EventName } from '../contract/events';
import { EVENTS, isEventName } from '../contract/events';
import { InspectorError } from '../model/errors';
import type { Envelope } from './envelope';
import { EnvelopeSchema, describeIssues, unwrapEnvelope } from './envelope';

/** What a transport must do: carry one call, and deliver pushed events. */
export interface Transport {
  /** Sends a call and resolves with the envelope (rejects only when the transport itself fails). */
  call(method: MethodName, input: unknown): Promise<unknown>;
  /** Delivers every pushed event; returns the unsubscribe function. */
  listen(listener: (event: string, payload: unknown) => void): () => void;
}

/** The API plus event subscription. */
export interface Client {
  api: Api;
  /** Subscribes to one event (payloads are validated against the event table). */
  subscribe<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

/** Options of createClient. */
export interface ClientOptions {
  /** Told about pushed events that break the contract (dropped, never delivered). */
  onInvalidEvent?: (event: string, message: string) => void;
}

/** Wraps a transport in the typed API. */
export function createClient(transport: Transport, options: ClientOptions = {}): Client {
  const call = async (method: MethodName, input: unknown): Promise<unknown> => {
    let raw: unknown;
    try {
      raw = await transport.call(method, input);
    } catch (err) {
      if (err instanceof InspectorError) throw err;
      throw new InspectorError(
        'CONNECTION',
        `${method}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const env = EnvelopeSchema.safeParse(raw);
    if (!env.success) {
      throw new InspectorError('PROTOCOL', `${method}: malformed answer: ${describeIssues(env.error)}`);
    }
    return unwrapEnvelope(env.data as Envelope);
  };
  const api = Object.fromEntries(
    METHOD_NAMES.map((name) => [name, (input: unknown) => call(name, input)]),
  ) as Api;

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let stop: (() => void) | null = null;
  const ensureListening = (): void => {
    if (stop) return;
    stop = transport.listen((event, payload) => {
      if (!isEventName(event)) return options.onInvalidEvent?.(event, 'unknown event');
      const set = listeners.get(event);
      if (!set || set.size === 0) return;
      const parsed = EVENTS[event].safeParse(payload);
      if (!parsed.success) return options.onInvalidEvent?.(event, describeIssues(parsed.error));
      for (const l of set) l(parsed.data);
    });
  };

  return {
    api,
    subscribe(event, listener) {
      ensureListening();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
  };
}
