import { useState } from 'react';
import { copyText } from './clipboard';

/** Props of HashText. */
export interface HashTextProps {
  /** The full hash (or null/empty: shows a dash). */
  hash: string | null | undefined;
  /** Characters shown before the ellipsis; the full value is in the title and copied. */
  chars?: number;
  /** What the hash is, for the copy button's accessible name ("Copy unihash"). */
  label?: string;
  /** Extra class, e.g. to mark a disagreement. */
  className?: string;
  /** Tooltip (default: the full hash), e.g. every source's value of a disputed unihash. */
  title?: string;
  /** Whether the copy button is a Tab stop (false inside grids, where rows are the stops). */
  tabbable?: boolean;
}

/** Two overlapping sheets: the copy icon (drawn, not a glyph some fonts lack). */
function CopyIcon() {
  return (
    <svg width="11" height="11" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path
        d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      />
    </svg>
  );
}

/** A hash in monospace, shortened, with the full value one hover away and a copy button. */
export function HashText({
  hash,
  chars = 12,
  label = 'hash',
  className,
  title,
  tabbable = true,
}: HashTextProps) {
  // What the last click did, shown on the button for a moment (a failure says why in its title).
  const [copied, setCopied] = useState<{ ok: boolean; why?: string } | null>(null);
  if (!hash) return <span className="hash hash--none">—</span>;
  const copy = (e: React.MouseEvent) => {
    e.stopPropagation();
    const show = (state: { ok: boolean; why?: string }) => {
      setCopied(state);
      setTimeout(() => setCopied(null), state.ok ? 1200 : 4000);
    };
    copyText(hash).then(
      () => show({ ok: true }),
      (err: unknown) => show({ ok: false, why: err instanceof Error ? err.message : String(err) }),
    );
  };
  return (
    <span className={`hash ${className ?? ''}`} title={title ?? hash}>
      <code>{hash.length > chars ? hash.slice(0, chars) + '…' : hash}</code>
      <button
        type="button"
        className="hash__copy"
        aria-label={`Copy ${label} ${hash}`}
        tabIndex={tabbable ? undefined : -1}
        title={copied && !copied.ok ? `Not copied: ${copied.why ?? ''}` : undefined}
        onClick={copy}
      >
        {copied ? copied.ok ? '✓' : '✗' : <CopyIcon />}
      </button>
    </span>
  );
}
