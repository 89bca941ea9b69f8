import { vi } from 'vitest';
import type { Api, MethodName } from '../../../shared/contract';
import { InspectorError } from '../../../shared/model/errors';

type AnyFn = (input: unknown) => Promise<unknown>;

/**
 * An Api whose methods are the given fakes; any other method answers UNSUPPORTED, as a half-built
 * engine does. Each fake is a vi.fn so tests can assert on the calls the store made.
 */
export function fakeApi(impl: Partial<{ [N in MethodName]: Api[N] }>): Api {
  const cache = new Map<string, AnyFn>();
  const missing =
    (name: string): AnyFn =>
    async () => {
      throw new InspectorError('UNSUPPORTED', `${name} is not built yet`);
    };
  return new Proxy(
    {},
    {
      get(_target, name: string) {
        let fn = cache.get(name);
        if (!fn) {
          const given = (impl as Record<string, AnyFn | undefined>)[name];
          fn = vi.fn(given ?? missing(name));
          cache.set(name, fn);
        }
        return fn;
      },
    },
  ) as Api;
}
