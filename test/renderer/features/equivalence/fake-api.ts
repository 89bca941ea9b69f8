/**
 * A fake API for slice and component tests of the analysis views: the methods a test gives,
 * recorded call by call; any other method rejects with UNSUPPORTED (never a silent answer).
 */
import type { Api, MethodInput, MethodName } from '../../../../shared/contract';
import { InspectorError } from '../../../../shared/model/errors';
import { createAppStore, type AppStore } from '../../../../renderer/state';

/** One recorded call. */
export interface Call {
  method: MethodName;
  input: unknown;
}

/** The fake and its call log. */
export interface FakeApi {
  api: Api;
  calls: Call[];
  /** Inputs of every call of one method, in order. */
  inputs<N extends MethodName>(method: N): MethodInput<N>[];
}

/** Builds a fake API from the given handlers. */
export function fakeApi(
  handlers: Partial<{ [N in MethodName]: (input: MethodInput<N>) => unknown }>,
): FakeApi {
  const calls: Call[] = [];
  const api = new Proxy({} as Api, {
    get(_t, prop: string) {
      return async (input: unknown) => {
        calls.push({ method: prop as MethodName, input });
        const h = (handlers as Record<string, ((i: unknown) => unknown) | undefined>)[prop];
        if (!h) throw new InspectorError('UNSUPPORTED', `fake API: ${prop} not given`);
        return h(input);
      };
    },
  });
  return {
    api,
    calls,
    inputs: <N extends MethodName>(method: N) =>
      calls.filter((c) => c.method === method).map((c) => c.input as MethodInput<N>),
  };
}

/** A store over a fake API with an open workspace `ws1` (builds `b1`, `b2`), stable job ids. */
export function storeWith(fake: FakeApi): AppStore {
  let n = 0;
  const store = createAppStore({ api: fake.api, newJobId: (p) => `${p}-${++n}` });
  store.setState({ activeWorkspaceId: 'ws1' });
  return store;
}
