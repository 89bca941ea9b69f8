import type { UtilityProcess } from 'electron';
import { utilityProcess } from 'electron';
import type { Envelope } from '../../shared/rpc/envelope';
import { errorEnvelope } from '../../shared/rpc/envelope';
import type { EngineMessage, MainMessage } from './engine-messages';

/** The engine's utility process as main sees it: forward a call, hear events. */
export interface EngineHost {
  call(method: string, input: unknown): Promise<Envelope>;
  onEvent(listener: (event: string, payload: unknown) => void): void;
  stop(): void;
}

/**
 * Starts the engine in a utilityProcess and forwards calls to it. If the process dies, pending
 * calls fail with INTERNAL and the next call starts a fresh one (open workspaces are lost: the
 * renderer sees NOT_FOUND and offers to reopen).
 */
export function startEngine(
  entry: string,
  env: Record<string, string>,
  log: (line: string) => void,
): EngineHost {
  let child: UtilityProcess | null = null;
  let nextId = 1;
  const pending = new Map<number, (e: Envelope) => void>();
  const listeners: Array<(event: string, payload: unknown) => void> = [];

  const spawn = (): UtilityProcess => {
    const p = utilityProcess.fork(entry, [], {
      serviceName: 'Hash Equivalence Inspector engine',
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    p.on('message', (msg: EngineMessage) => {
      if (msg.type === 'result') {
        pending.get(msg.id)?.(msg.envelope);
        pending.delete(msg.id);
      } else if (msg.type === 'event') {
        for (const l of listeners) l(msg.event, msg.payload);
      }
    });
    p.on('exit', (code) => {
      log(`engine process exited with code ${code}`);
      for (const [id, resolve] of pending) {
        resolve(
          errorEnvelope({ code: 'INTERNAL', message: 'The engine process stopped; open the build again' }),
        );
        pending.delete(id);
      }
      if (child === p) child = null;
    });
    return p;
  };

  return {
    call(method, input) {
      child ??= spawn();
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        pending.set(id, resolve);
        const msg: MainMessage = { type: 'call', id, method, input };
        child!.postMessage(msg);
      });
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    stop() {
      child?.kill();
      child = null;
    },
  };
}
