import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../../../../shared/contract';
import { createClient, createDispatcher, type Handlers, type Transport } from '../../../../shared/rpc';
import { InspectorError } from '../../../../shared/model/errors';

function loopback(partial: Partial<Handlers<object>>): Transport & { push(e: string, p: unknown): void } {
  const all = Object.fromEntries(
    METHOD_NAMES.map((n) => [
      n,
      () => {
        throw new InspectorError('UNSUPPORTED', `${n} is not wired`, { entry: n });
      },
    ]),
  );
  const d = createDispatcher({ ...all, ...partial } as Handlers<object>, { validateOutput: true });
  const listeners = new Set<(e: string, p: unknown) => void>();
  return {
    call: (m: MethodName, input: unknown) => d.dispatch(m, input, {}),
    listen(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    push(e, p) {
      for (const l of listeners) l(e, p);
    },
  };
}

describe('createClient', () => {
  it('gives one function per method returning the value', async () => {
    const { api } = createClient(loopback({ 'tasks.count': () => ({ total: 7 }) }));
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
    expect(await api['tasks.count']({ workspaceId: 'w', query: {} })).toEqual({ total: 7 });
  });

  it('throws the engine error as an InspectorError with code and where', async () => {
    const { api } = createClient(loopback({}));
    const err = await api['siginfo.read']({ path: '/nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InspectorError);
    expect((err as InspectorError).code).toBe('UNSUPPORTED');
    expect((err as InspectorError).where).toEqual({ entry: 'siginfo.read' });
  });

  it('maps a broken transport to CONNECTION and a malformed answer to PROTOCOL', async () => {
    const broken = createClient({
      call: () => Promise.reject(new Error('socket hang up')),
      listen: () => () => {},
    });
    await expect(broken.api['app.info']({})).rejects.toMatchObject({ code: 'CONNECTION' });
    const garbled = createClient({ call: () => Promise.resolve({ yes: 1 }), listen: () => () => {} });
    await expect(garbled.api['app.info']({})).rejects.toMatchObject({ code: 'PROTOCOL' });
  });

  it('delivers valid events to subscribers and drops invalid ones', () => {
    const t = loopback({});
    const invalid: string[] = [];
    const client = createClient(t, { onInvalidEvent: (e, m) => invalid.push(`${e}: ${m}`) });
    const got: unknown[] = [];
    const off = client.subscribe('job.progress', (p) => got.push(p));
    t.push('job.progress', {
      jobId: 'j',
      method: 'workspace.open',
      progress: { phase: 'scan', done: 1, total: 4 },
    });
    t.push('job.progress', { jobId: 'j' });
    t.push('nonsense', {});
    off();
    t.push('job.progress', { jobId: 'j', method: 'workspace.open', progress: { phase: 'scan', done: 2 } });
    expect(got).toEqual([
      { jobId: 'j', method: 'workspace.open', progress: { phase: 'scan', done: 1, total: 4 } },
    ]);
    expect(invalid).toHaveLength(2);
    expect(invalid[1]).toBe('nonsense: unknown event');
  });
});
