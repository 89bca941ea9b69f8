import type { Envelope } from '../../shared/rpc/envelope';

/** Main -> engine process. */
export type MainMessage = { type: 'call'; id: number; method: string; input: unknown };

/** Engine process -> main. */
export type EngineMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; envelope: Envelope }
  | { type: 'event'; event: string; payload: unknown };
