import { describe, expect, it, vi } from 'vitest';
import { createIpcCallHandler } from '../../../../electron/main/ipc-adapter';
import type { IpcSenderEvent, TrustPolicy } from '../../../../electron/main/trusted-sender';

const policy: TrustPolicy = { webContentsIds: new Set([7]), urlPrefixes: ['app://inspector/'] };
const ours: IpcSenderEvent = {
  sender: { id: 7 },
  senderFrame: { url: 'app://inspector/index.html', parent: null },
};

function setup() {
  const forward = vi.fn(async (method: string, input: unknown) => ({
    ok: true as const,
    value: { method, input },
  }));
  const log = vi.fn();
  return { forward, log, handle: createIpcCallHandler(forward, () => policy, log) };
}

describe('IPC adapter', () => {
  it('forwards calls from our window, main frame, our page', async () => {
    const { forward, handle } = setup();
    expect(await handle(ours, 'tasks.count', { workspaceId: 'w' })).toEqual({
      ok: true,
      value: { method: 'tasks.count', input: { workspaceId: 'w' } },
    });
    expect(forward).toHaveBeenCalledOnce();
  });

  it.each([
    ['an unknown webContents', { ...ours, sender: { id: 8 } }, 'unknown webContents 8'],
    [
      'a subframe',
      { ...ours, senderFrame: { url: 'app://inspector/index.html', parent: {} } },
      'a subframe may not call the API',
    ],
    [
      'another origin in our window',
      { ...ours, senderFrame: { url: 'https://evil.example/app://inspector/', parent: null } },
      'page https://evil.example/app://inspector/ is not ours',
    ],
    ['a destroyed frame', { ...ours, senderFrame: null }, 'the sending frame is gone'],
  ])('refuses %s and never reaches the engine', async (_what, event, reason) => {
    const { forward, log, handle } = setup();
    expect(await handle(event as IpcSenderEvent, 'workspace.open', { paths: ['/'] })).toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: `IPC refused: ${reason}` },
    });
    expect(forward).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(`refused IPC call workspace.open: ${reason}`);
  });

  it('refuses a non-string method name', async () => {
    const { forward, handle } = setup();
    const r = await handle(ours, { toString: () => 'x' }, {});
    expect(r.ok).toBe(false);
    expect(forward).not.toHaveBeenCalled();
  });
});
