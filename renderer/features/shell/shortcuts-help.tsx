import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts';

/** The `?` overlay: every shortcut. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="palette-backdrop" onClick={onClose}>
      <div
        ref={box}
        className="palette help"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        tabIndex={-1}
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">
          Search syntax:{' '}
          <code>
            pn:zlib task:do_compile mc:mc1 build:b1 is:equivalent is:disagree is:no-sstate is:ran
            sort:-created
          </code>{' '}
          plus free text (recipe/task names, any hash by its prefix).
        </p>
        <button type="button" onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
