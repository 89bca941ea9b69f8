import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { unixSocketOnWindowsMessage } from '../../../../electron/services/hashserv/address';
import { ServerView } from '../../../../renderer/features/server';
import { unixSocketHint } from '../../../../renderer/features/server/unix-socket-hint';
import { StoreProvider } from '../../../../renderer/state';
import { fakeApi, storeWith } from '../equivalence/fake-api';

const appInfo = (platform: string) => ({
  name: 'Hash Equivalence Inspector',
  version: '0.1.0',
  mode: 'electron' as const,
  platform,
  docsUrl: 'https://example.invalid/docs',
});

async function viewOn(platform: string, q: string) {
  const store = storeWith(fakeApi({ 'app.info': () => appInfo(platform) }));
  await store.getState().loadInfo();
  render(
    <StoreProvider store={store}>
      <ServerView q={q} />
    </StoreProvider>,
  );
}

describe('unix:// addresses when the engine runs on Windows', () => {
  it('the hint is the engine’s refusal, word for word', () => {
    expect(unixSocketHint(' unix:///home/me/build/hashserve.sock ', 'win32')).toBe(
      unixSocketOnWindowsMessage('/home/me/build/hashserve.sock'),
    );
    expect(unixSocketHint('unix://./hashserve.sock', 'linux')).toBeNull();
    expect(unixSocketHint('localhost:8686', 'win32')).toBeNull();
    expect(unixSocketHint('unix://', 'win32')).toBeNull();
  });

  it('the Server view shows it on Windows and not elsewhere', async () => {
    await viewOn('win32', 'unix:///home/me/build/hashserve.sock');
    expect(screen.getByTestId('unix-socket-hint').textContent).toContain(
      'ssh -N -L 8686:/home/me/build/hashserve.sock',
    );
  });

  it('stays quiet on Linux, where the socket is reachable', async () => {
    await viewOn('linux', 'unix:///home/me/build/hashserve.sock');
    expect(screen.queryByTestId('unix-socket-hint')).toBeNull();
  });
});
