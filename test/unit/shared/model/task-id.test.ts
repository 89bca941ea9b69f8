import { describe, expect, it } from 'vitest';
import { formatTaskId, splitTaskId } from '../../../../shared/model/task-id';

describe('task ids', () => {
  it('writes mc: only for a multiconfig, and splits back to the same parts', () => {
    expect(formatTaskId('', 'zlib', 'do_compile')).toBe('zlib:do_compile');
    expect(formatTaskId('mc1', 'zlib-native', 'do_install')).toBe('mc:mc1:zlib-native:do_install');
    for (const parts of [
      { mc: '', pn: 'zlib', task: 'do_compile' },
      { mc: 'mc1', pn: 'gcc-cross-x86_64', task: 'do_populate_sysroot' },
    ]) {
      expect(splitTaskId(formatTaskId(parts.mc, parts.pn, parts.task))).toEqual(parts);
    }
  });

  it('keeps a legacy full-path id whole as the recipe', () => {
    expect(splitTaskId('/poky/meta/recipes-core/zlib/zlib_1.3.1.bb:do_compile')).toEqual({
      mc: '',
      pn: '/poky/meta/recipes-core/zlib/zlib_1.3.1.bb',
      task: 'do_compile',
    });
  });
});
