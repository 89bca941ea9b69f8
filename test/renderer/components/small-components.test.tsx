import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { HashText } from '../../../renderer/components/hash-text';
import { ErrorBanner } from '../../../renderer/components/error-banner';
import { SplitPane } from '../../../renderer/components/split-pane';

const H = 'ec9e112e6e0f5ddbd3a5d3c5b2ad0b7e4b8d7b1e1b3e9e2f8a4c5b7d9e1f2a3b';

describe('HashText', () => {
  it('shows a prefix, keeps the full hash in the title and copies it', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.assign(navigator, { clipboard: { writeText } });
    render(<HashText hash={H} label="unihash" />);
    expect(screen.getByText('ec9e112e6e0f…')).toBeTruthy();
    expect(screen.getByTitle(H)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: `Copy unihash ${H}` }));
    expect(writeText).toHaveBeenCalledWith(H);
  });
  it('says when the clipboard is not available instead of doing nothing', async () => {
    Object.assign(navigator, { clipboard: undefined });
    render(<HashText hash={H} label="unihash" />);
    const button = screen.getByRole('button', { name: `Copy unihash ${H}` });
    fireEvent.click(button);
    await waitFor(() => expect(button.textContent).toBe('✗'));
    expect(button.getAttribute('title')).toMatch(/^Not copied: the clipboard is not available here/);
  });
  it('shows a dash for a missing hash', () => {
    render(<HashText hash={null} />);
    expect(screen.getByText('—')).toBeTruthy();
  });
});

describe('ErrorBanner', () => {
  it('says the code, the file and where', () => {
    render(
      <ErrorBanner
        error={{
          code: 'TRUNCATED',
          message: 'pickle ends early',
          where: { file: '/b/cache/bb_unihashes.dat', offset: 4780 },
        }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'TRUNCATED/b/cache/bb_unihashes.dat (offset 4780): pickle ends early',
    );
  });
});

describe('SplitPane', () => {
  it('resizes with the arrow keys within its bounds', () => {
    render(
      <SplitPane label="Resize list" initial={50} min={20} max={60} first={<p>a</p>} second={<p>b</p>} />,
    );
    const sep = screen.getByRole('separator', { name: 'Resize list' });
    fireEvent.keyDown(sep, { key: 'ArrowRight' });
    fireEvent.keyDown(sep, { key: 'ArrowRight' });
    fireEvent.keyDown(sep, { key: 'ArrowRight' });
    expect(sep.getAttribute('aria-valuenow')).toBe('60');
    for (let i = 0; i < 10; i++) fireEvent.keyDown(sep, { key: 'ArrowLeft' });
    expect(sep.getAttribute('aria-valuenow')).toBe('20');
  });
});
