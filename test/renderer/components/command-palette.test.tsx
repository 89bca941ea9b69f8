import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { CommandPalette, fuzzyScore } from '../../../renderer/components/command-palette';

describe('fuzzyScore', () => {
  it('matches letters in order and prefers tight matches', () => {
    expect(fuzzyScore('otk', 'Open task')).not.toBeNull();
    expect(fuzzyScore('xyz', 'Open task')).toBeNull();
    expect(fuzzyScore('tasks', 'Go to tasks')!).toBeLessThan(
      fuzzyScore('tasks', 'toggle a stack of sheets')!,
    );
  });
});

describe('CommandPalette', () => {
  it('filters as you type and runs the chosen command with Enter', () => {
    const a = vi.fn();
    const b = vi.fn();
    const onClose = vi.fn();
    render(
      <CommandPalette
        open
        onClose={onClose}
        commands={[
          { id: 'a', title: 'Open build directory', run: a },
          { id: 'b', title: 'Go to equivalence', run: b, shortcut: 'g e' },
        ]}
      />,
    );
    const box = screen.getByRole('combobox', { name: 'Type a command' });
    fireEvent.change(box, { target: { value: 'equiv' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Go to equivalenceg e']);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(b).toHaveBeenCalledOnce();
    expect(a).not.toHaveBeenCalled();
    expect(onClose).toHaveBeenCalled();
  });
});
