import { InspectorError } from '../../../shared/model/errors';

/** Throws a CANCELLED InspectorError when the signal has fired; call it in every loop of a long job. */
export function throwIfCancelled(signal: AbortSignal | undefined, what = 'Operation'): void {
  if (signal?.aborted) throw new InspectorError('CANCELLED', `${what} was cancelled`);
}
