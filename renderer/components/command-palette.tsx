import { useEffect, useMemo, useRef, useState } from 'react';

/** One command of the palette. */
export interface PaletteCommand {
  id: string;
  title: string;
  /** Shown at the right, e.g. 'Ctrl+K'. */
  shortcut?: string;
  /** Extra words that should find it. */
  keywords?: string;
  run: () => void;
}

/** Props of CommandPalette. */
export interface CommandPaletteProps {
  open: boolean;
  commands: readonly PaletteCommand[];
  onClose: () => void;
}

/** Subsequence match score: lower is better, null when the letters are not all there in order. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  let pos = -1;
  let score = 0;
  for (const ch of q) {
    const next = t.indexOf(ch, pos + 1);
    if (next < 0) return null;
    score += next - pos - 1;
    pos = next;
  }
  return score;
}

/** Ctrl/Cmd+K: type to find any command, arrows to choose, Enter to run, Esc to close. */
export function CommandPalette({ open, commands, onClose }: CommandPaletteProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    if (!query) return [...commands];
    return commands
      .map((c) => ({ c, s: fuzzyScore(query, `${c.title} ${c.keywords ?? ''}`) }))
      .filter((m): m is { c: PaletteCommand; s: number } => m.s !== null)
      .sort((a, b) => a.s - b.s)
      .map((m) => m.c);
  }, [query, commands]);

  useEffect(() => {
    if (open) {
      setQuery('');
      setActive(0);
      input.current?.focus();
    }
  }, [open]);

  if (!open) return null;
  const run = (c: PaletteCommand | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') setActive((a) => Math.min(matches.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Enter') run(matches[active]);
    else return;
    e.preventDefault();
  };
  return (
    <div className="palette-backdrop" onClick={onClose}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onClick={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-label="Type a command"
          placeholder="Type a command…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {matches.map((c, i) => (
            <li
              key={c.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : ''}
              onClick={() => run(c)}
            >
              <span>{c.title}</span>
              {c.shortcut && <kbd>{c.shortcut}</kbd>}
            </li>
          ))}
          {matches.length === 0 && <li className="palette__none">No command matches “{query}”</li>}
        </ul>
      </div>
    </div>
  );
}
