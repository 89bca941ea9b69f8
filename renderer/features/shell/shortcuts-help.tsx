import './shortcuts-help.css';
import { useEffect, useRef } from 'react';
import { FILTER_KEYS } from '../../../shared/model/filter-syntax';
import { SHORTCUTS } from './shortcuts';

/** The `?` overlay: every shortcut, and the search language read from the parser's own key list. */
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
        <h3 id="help-search-syntax">Search syntax</h3>
        {/* From FILTER_KEYS: a key the parser learns shows up here without anyone editing this. */}
        <table className="help__syntax" aria-labelledby="help-search-syntax">
          <tbody>
            {FILTER_KEYS.map((k) => (
              <tr key={k.key}>
                <td>
                  <code>{k.key}:</code>
                </td>
                <td>{k.help}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">
          Other words are free text: recipe and task names, any hash by its prefix. Tokens combine with AND,
          e.g. <code>pn:*zl* is:equivalent sort:-taskhash</code>. The CLI takes the same text:{' '}
          <code>hashequiv tasks BUILD --query '…'</code>.
        </p>
        <button type="button" onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
