import './empty-mark.css';
/** Props of EmptyMark. */
export interface EmptyMarkProps {
  /** Why there is no value, shown on hover and read by screen readers ("not compared with a server yet"). */
  why: string;
}

/**
 * The mark of an empty cell: a muted dash that says why it is empty, so "no value" never looks
 * like "not loaded" or a rendering bug. The reason is the title (pointer) and the text (screen readers).
 */
export function EmptyMark({ why }: EmptyMarkProps) {
  return (
    <span className="muted empty-mark" title={why}>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{why}</span>
    </span>
  );
}
