import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../../../electron/main/menu-template';
import { pathsFromArgv, shouldOpenDemo } from '../../../../electron/main/open-requests';
import {
  applySavedToken,
  createTokenStore,
  type SecretCipher,
} from '../../../../electron/main/server-tokens';
import { isVisibleOn, loadWindowState, saveWindowState } from '../../../../electron/main/window-state';
import { FIXTURE_BUILDDIR } from '../../../helpers/paths';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'hashequiv-main-'));

describe('opening the demo build at launch', () => {
  it('opens it when asked with --demo, or on a first run without paths', () => {
    expect(shouldOpenDemo(['app', '--demo'], [], 3)).toBe(true);
    expect(shouldOpenDemo(['app'], [], 0)).toBe(true);
  });
  it('does not when paths were given or something was opened before', () => {
    expect(shouldOpenDemo(['app', '--demo', '/b'], ['/b'], 0)).toBe(false);
    expect(shouldOpenDemo(['app'], [], 2)).toBe(false);
  });
});

describe('command-line paths', () => {
  it('keeps existing paths after the executable (and the app path in development), skipping switches', () => {
    const argv = ['/opt/app/hashequiv-inspector', '--no-sandbox', 'builddir', '/nonexistent/x', '--flag=1'];
    expect(pathsFromArgv(argv, path.dirname(FIXTURE_BUILDDIR), false)).toEqual([FIXTURE_BUILDDIR]);
    expect(pathsFromArgv(['electron', '.', FIXTURE_BUILDDIR], '/', true)).toEqual([FIXTURE_BUILDDIR]);
  });
});

describe('window state', () => {
  const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('round-trips through the settings file', () => {
    const file = path.join(tmp(), 'window-state.json');
    saveWindowState(file, { x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(file, displays)).toEqual({
      x: 10,
      y: 20,
      width: 1200,
      height: 800,
      maximized: true,
    });
  });
  it('forgets a window left on a display that is gone, and a corrupt file', () => {
    const file = path.join(tmp(), 'window-state.json');
    saveWindowState(file, { x: 3000, y: 20, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(file, displays)).toBeNull();
    writeFileSync(file, '{"x":');
    expect(loadWindowState(file, displays)).toBeNull();
    expect(isVisibleOn({ x: 1850, y: 0, width: 800, height: 600 }, displays)).toBe(false);
    expect(isVisibleOn({ x: 1800, y: 0, width: 800, height: 600 }, displays)).toBe(true);
  });
});

/** Reversible but not identity, so a test would see a token written in clear. */
const fakeCipher = (available = true): SecretCipher => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
});

describe('server tokens', () => {
  it('keeps tokens encrypted in userData and injects them into server calls without one', () => {
    const file = path.join(tmp(), 'server-tokens.json');
    const store = createTokenStore(file, fakeCipher());
    const remembered = applySavedToken(
      'server.connect',
      {
        server: {
          address: 'hashserv.example:8686',
          username: 'builder',
          token: 'fixture-admin-token',
          remember: true,
        },
      },
      store,
    );
    expect(remembered).toMatchObject({ server: { token: 'fixture-admin-token' } });
    expect(readFileSync(file, 'utf8')).not.toContain('fixture-admin-token');
    const again = createTokenStore(file, fakeCipher());
    expect(
      applySavedToken(
        'server.compare',
        { workspaceId: 'w', server: { address: 'hashserv.example:8686' } },
        again,
      ),
    ).toEqual({
      workspaceId: 'w',
      server: { address: 'hashserv.example:8686', token: 'fixture-admin-token' },
    });
    expect(applySavedToken('tasks.count', { server: { address: 'hashserv.example:8686' } }, again)).toEqual({
      server: { address: 'hashserv.example:8686' },
    });
    expect(again.delete('hashserv.example:8686')).toBe(true);
    expect(again.get('hashserv.example:8686')).toBeUndefined();
  });

  it('never writes a token in clear when the OS offers no encryption', () => {
    const dir = tmp();
    const store = createTokenStore(path.join(dir, 'server-tokens.json'), fakeCipher(false));
    store.set('a:1', 'secret');
    expect(store.get('a:1')).toBe('secret');
    expect(() => readFileSync(path.join(dir, 'server-tokens.json'))).toThrow();
  });
});

describe('menu', () => {
  it('has the File items of the issue, Open Recent entries, and Help with the version', () => {
    const calls: string[] = [];
    const t = buildMenuTemplate(
      {
        openBuildDirectory: () => calls.push('dir'),
        openFile: () => calls.push('file'),
        openRecent: (e) => calls.push(`recent ${e.label}`),
        compareWithAnotherBuild: () => calls.push('compare'),
        openDocs: () => calls.push('docs'),
      },
      {
        appName: 'Hash Equivalence Inspector',
        version: '0.1.0',
        isMac: false,
        isDev: false,
        recent: [{ paths: ['/b/one'], label: 'one', openedAt: '2026-11-25T09:00:00.000Z' }],
      },
    );
    const file = t.find((m) => m.label === 'File')!.submenu as Array<{
      label?: string;
      submenu?: unknown;
      click?: () => void;
    }>;
    expect(file.filter((i) => i.label).map((i) => i.label)).toEqual([
      'Open Build Directory…',
      'Open File…',
      'Open Recent',
      'Compare With Another Build…',
    ]);
    for (const i of file) i.click?.();
    (file[2]!.submenu as Array<{ click: () => void }>)[0]!.click();
    expect(calls).toEqual(['dir', 'file', 'compare', 'recent one']);
    const help = t.find((m) => m.role === 'help')!.submenu as Array<{ label: string }>;
    expect(help.map((i) => i.label)).toEqual(['Hash Equivalence Inspector 0.1.0', 'Documentation']);
    const view = t.find((m) => m.label === 'View')!.submenu as Array<{ role?: string }>;
    expect(view.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });
});
