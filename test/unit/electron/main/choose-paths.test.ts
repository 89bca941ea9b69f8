import { describe, expect, it } from 'vitest';
import type { OpenDialogOptions } from 'electron';
import {
  OPEN_FILE_FILTERS,
  answerChoosePaths,
  choosePathsDialogOptions,
  choosePathsOutput,
  type DialogResult,
} from '../../../../electron/main/choose-paths';

/** A dialog stand-in that records what it was asked to show and answers `result`. */
function fakeDialog(result: DialogResult | Error) {
  const shown: OpenDialogOptions[] = [];
  const show = async (options: OpenDialogOptions): Promise<DialogResult> => {
    shown.push(options);
    if (result instanceof Error) throw result;
    return result;
  };
  return { shown, show };
}

describe('the dialog options of app.choosePaths', () => {
  it('opens build directories, several at once, titled like the File menu', () => {
    expect(choosePathsDialogOptions({ kind: 'directory', purpose: 'open' })).toEqual({
      title: 'Open Build Directory',
      properties: ['openDirectory', 'multiSelections'],
    });
  });

  it('opens files with the BitBake data filters (the same list the menu uses)', () => {
    const o = choosePathsDialogOptions({ kind: 'files', purpose: 'open' });
    expect(o.title).toBe('Open File');
    expect(o.properties).toEqual(['openFile', 'multiSelections']);
    expect(o.filters).toEqual(OPEN_FILE_FILTERS);
    expect(o.filters?.[0]?.extensions).toEqual([
      'db',
      'dat',
      'sqlite3',
      'siginfo',
      'zst',
      'tgz',
      'log',
      'json',
    ]);
    expect(o.filters?.[1]).toEqual({ name: 'All files', extensions: ['*'] });
    // A copy: Electron or a caller mutating it cannot change the shared list.
    expect(o.filters?.[0]).not.toBe(OPEN_FILE_FILTERS[0]);
  });

  it('titles each purpose differently', () => {
    const titles = (['open', 'add', 'compare'] as const).flatMap((purpose) =>
      (['directory', 'files'] as const).map((kind) => choosePathsDialogOptions({ kind, purpose }).title),
    );
    expect(titles).toContain('Compare With Another Build');
    expect(new Set(titles).size).toBe(6);
  });
});

describe('the dialog result of app.choosePaths', () => {
  it('gives the picked paths, and none when cancelled', () => {
    expect(choosePathsOutput({ canceled: false, filePaths: ['/home/me/poky/build', '/srv/sstate'] })).toEqual(
      {
        paths: ['/home/me/poky/build', '/srv/sstate'],
      },
    );
    expect(choosePathsOutput({ canceled: true, filePaths: ['/home/me/poky/build'] })).toEqual({ paths: [] });
    expect(choosePathsOutput({ canceled: false, filePaths: [] })).toEqual({ paths: [] });
  });
});

describe('answering app.choosePaths in main', () => {
  it('validates, shows the dialog and answers the paths in an envelope', async () => {
    const d = fakeDialog({ canceled: false, filePaths: ['/b/cache/hashserv.db'] });
    const r = await answerChoosePaths({ kind: 'files', purpose: 'add' }, d.show);
    expect(r).toEqual({ ok: true, value: { paths: ['/b/cache/hashserv.db'] } });
    expect(d.shown).toHaveLength(1);
    expect(d.shown[0]?.title).toBe('Add Files as a Build');
  });

  it('answers an empty list when the user cancels', async () => {
    const d = fakeDialog({ canceled: true, filePaths: [] });
    expect(await answerChoosePaths({ kind: 'directory', purpose: 'compare' }, d.show)).toEqual({
      ok: true,
      value: { paths: [] },
    });
  });

  it('refuses bad input before any dialog shows (strict, known kinds and purposes)', async () => {
    const d = fakeDialog({ canceled: false, filePaths: ['/x'] });
    for (const bad of [
      undefined,
      { kind: 'folder', purpose: 'open' },
      { kind: 'directory', purpose: 'delete' },
      { kind: 'directory', purpose: 'open', defaultPath: '/etc' },
      'directory',
    ]) {
      const r = await answerChoosePaths(bad, d.show);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(r.error.where).toEqual({ entry: 'app.choosePaths' });
      }
    }
    const r = await answerChoosePaths({ kind: 'folder', purpose: 'open' }, d.show);
    expect(!r.ok && r.error.message).toMatch(/^app\.choosePaths: kind: /);
    expect(d.shown).toHaveLength(0);
  });

  it('turns a failing dialog into an INTERNAL envelope instead of throwing', async () => {
    const d = fakeDialog(new Error('no display'));
    const r = await answerChoosePaths({ kind: 'directory', purpose: 'open' }, d.show);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'The file dialog failed: no display',
        where: { entry: 'app.choosePaths' },
      },
    });
  });
});
