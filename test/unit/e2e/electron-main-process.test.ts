import { describe, expect, it } from 'vitest';
import { mainProcessSkipReason } from '../../e2e/electron-target';

describe('mainProcessSkipReason (Electron specs that stub native dialogs in main)', () => {
  it('runs only in the Electron project against the dev build', () => {
    expect(
      mainProcessSkipReason('electron', { E2E_ELECTRON_KIND: 'dev', E2E_ELECTRON_PATH: '/e' }),
    ).toBeNull();
    expect(mainProcessSkipReason('web', { E2E_ELECTRON_KIND: 'dev' })).toBe(
      'native dialogs exist only in the desktop app (Electron project)',
    );
  });

  it('passes on the suite-wide skip reason (no Electron binary)', () => {
    expect(
      mainProcessSkipReason('electron', { E2E_ELECTRON_SKIP: 'Electron project skipped: no binary' }),
    ).toBe('Electron project skipped: no binary');
  });

  it("says why the packaged app's main process is out of reach", () => {
    expect(mainProcessSkipReason('electron', { E2E_ELECTRON_KIND: 'packaged' })).toMatch(
      /^the packaged app's main process is unreachable .*EnableNodeCliInspectArguments fuse is off/,
    );
  });
});
