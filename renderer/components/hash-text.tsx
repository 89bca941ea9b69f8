import { useState } from 'react';

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
}

/** A hash in monospace, shortened, with the full value one hover away and a copy button. */
export function HashText({ hash, chars = 12, label = 'hash', className }: HashTextProps) {
  const [copied, setCopied] = useState(false);
  if (!hash) return <span className="hash hash--none">—</span>;
  const copy = (e: React.MouseEvent) => {
    e.stopPropagation();
    void navigator.clipboard?.writeText(hash).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <span className={`hash ${className ?? ''}`} title={hash}>
      <code>{hash.length > chars ? hash.slice(0, chars) + '…' : hash}</code>
      <button type="button" className="hash__copy" aria-label={`Copy ${label} ${hash}`} onClick={copy}>
        {copied ? '✓' : '⧉'}
      </button>
    </span>
  );
}
