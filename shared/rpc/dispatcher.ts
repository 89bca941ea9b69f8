/**
 * The transport-neutral dispatcher: refuses unknown method names, validates the input against
 * the contract, runs the handler, optionally validates the output, and always answers with an
 * envelope (it never throws). The Electron IPC adapter and the web server are thin wrappers.
 */
import type { MethodName, MethodOutput, MethodParams } from '../contract/methods';
import { METHODS, isMethodName } from '../contract/methods';
import { toErrorInfo } from '../model/errors';
import type { Envelope } from './envelope';
import { describeIssues, errorEnvelope, okEnvelope } from './envelope';

/** One handler: validated params in, the method's output out. `Ctx` is what the host adds. */
export type Handler<N extends MethodName, Ctx> = (
  params: MethodParams<N>,
  ctx: Ctx,
) => Promise<MethodOutput<N>> | MethodOutput<N>;

/** A handler for every method of the table (the compiler reports a missing one). */
export type Handlers<Ctx> = { [N in MethodName]: Handler<N, Ctx> };

/** Dispatcher options. */
export interface DispatcherOptions {
  /**
   * Check every output against the contract. On in tests (a handler that drifts from the
   * contract fails loudly as INTERNAL); off in production, where it would cost a full walk of
   * every page.
   */
  validateOutput?: boolean;
  /** Told about handler failures that are bugs (INTERNAL), for logging. */
  onInternalError?: (method: string, err: unknown) => void;
}

/** Runs calls by name. */
export interface Dispatcher<Ctx> {
  dispatch(method: string, input: unknown, ctx: Ctx): Promise<Envelope>;
}

/** Builds the dispatcher over a complete handler table. */
export function createDispatcher<Ctx>(
  handlers: Handlers<Ctx>,
  options: DispatcherOptions = {},
): Dispatcher<Ctx> {
  return {
    async dispatch(method, input, ctx) {
      if (typeof method !== 'string' || !isMethodName(method)) {
        return errorEnvelope({
          code: 'UNKNOWN_METHOD',
          message: `Unknown method '${String(method)}'`,
          where: { entry: String(method) },
        });
      }
      const spec = METHODS[method];
      // `undefined` input means "no arguments": methods without input accept it as {}.
      const parsed = spec.input.safeParse(input === undefined ? {} : input);
      if (!parsed.success) {
        return errorEnvelope({
          code: 'INVALID_INPUT',
          message: `${method}: ${describeIssues(parsed.error)}`,
          where: { entry: method },
        });
      }
      let value: unknown;
      try {
        const handler = handlers[method] as Handler<MethodName, Ctx>;
        value = await handler(parsed.data as never, ctx);
      } catch (err) {
        const info = toErrorInfo(err);
        if (info.code === 'INTERNAL') options.onInternalError?.(method, err);
        return errorEnvelope(info);
      }
      if (options.validateOutput) {
        const out = spec.output.safeParse(value);
        if (!out.success) {
          const message = `${method} returned an output that breaks the contract: ${describeIssues(out.error)}`;
          options.onInternalError?.(method, new Error(message));
          return errorEnvelope({ code: 'INTERNAL', message, where: { entry: method } });
        }
      }
      return okEnvelope(value);
    },
  };
}
