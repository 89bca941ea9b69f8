/**
 * The shape of `window.inspector`, the only thing the Electron preload gives the page: one
 * function per method of the table (answering the raw envelope, because errors lose their code
 * when thrown across contextBridge) plus `subscribe`. The renderer's IPC transport wraps it.
 */
import type { Result } from '../model/errors';
import type { EventName } from './events';
import type { MethodInput, MethodName, MethodOutput } from './methods';

/** `window.inspector`. */
export type InspectorBridge = {
  readonly [N in MethodName]: (input: MethodInput<N>) => Promise<Result<MethodOutput<N>>>;
} & {
  /** Calls `listener` with each payload of `event` (validated by the client); returns unsubscribe. */
  readonly subscribe: (event: EventName, listener: (payload: unknown) => void) => () => void;
};

/** The global name the preload exposes the bridge under. */
export const BRIDGE_GLOBAL = 'inspector';
