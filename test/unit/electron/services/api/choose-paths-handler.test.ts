import { describe, expect, it } from 'vitest';
import { createApi, createDefaultEngine } from '../../../../../electron/services/api';
import { appInfo } from '../../../../../electron/services/api/app-info';
import { NO_NATIVE_DIALOG } from '../../../../../electron/services/api/handlers';

describe('app.choosePaths on the engine (web mode, the CLI)', () => {
  const api = createApi({
    engine: createDefaultEngine(),
    app: appInfo('web', '9.9.9'),
    validateOutput: true,
    log: () => {},
  });

  it('refuses at once with UNSUPPORTED and tells the user to type a path', async () => {
    const r = await api.dispatch('app.choosePaths', { kind: 'directory', purpose: 'open' }, {});
    expect(r).toEqual({
      ok: false,
      error: { code: 'UNSUPPORTED', message: NO_NATIVE_DIALOG, where: { entry: 'app.choosePaths' } },
    });
    expect(NO_NATIVE_DIALOG).toMatch(/type a path/);
  });

  it('still validates the input first (strict object, known kinds)', async () => {
    const r = await api.dispatch('app.choosePaths', { kind: 'directory', purpose: 'open', extra: 1 }, {});
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    const r2 = await api.dispatch('app.choosePaths', { kind: 'everything', purpose: 'open' }, {});
    expect(!r2.ok && r2.error.code).toBe('INVALID_INPUT');
  });

  it('says web mode in app.info, so the renderer hides the Open… buttons', async () => {
    const r = await api.dispatch('app.info', {}, {});
    expect(r.ok && (r.value as { mode: string }).mode).toBe('web');
  });
});
