import type { Envelope } from '../../shared/rpc/envelope';
import { errorEnvelope } from '../../shared/rpc/envelope';
import type { IpcSenderEvent, TrustPolicy } from './trusted-sender';
import { untrustedReason } from './trusted-sender';

/** Forwards one call to the engine (the utility process) and resolves with its envelope. */
export type Forward = (method: string, input: unknown) => Promise<Envelope>;

/**
 * The handler behind `ipcMain.handle(IPC_CALL_CHANNEL, …)`: checks the sender, then forwards the
 * call untouched (the dispatcher in the engine validates names and inputs). An untrusted sender
 * gets PERMISSION_DENIED and nothing reaches the engine.
 */
export function createIpcCallHandler(
  forward: Forward,
  policy: () => TrustPolicy,
  log: (line: string) => void = () => {},
): (event: IpcSenderEvent, method: unknown, input: unknown) => Promise<Envelope> {
  return async (event, method, input) => {
    const reason = untrustedReason(event, policy());
    if (reason) {
      log(`refused IPC call ${String(method)}: ${reason}`);
      return errorEnvelope({ code: 'PERMISSION_DENIED', message: `IPC refused: ${reason}` });
    }
    if (typeof method !== 'string')
      return errorEnvelope({ code: 'UNKNOWN_METHOD', message: 'The method name must be a string' });
    return forward(method, input);
  };
}
