import type { ReactNode } from 'react';

/** Props of EmptyState. */
export interface EmptyStateProps {
  title: string;
  /** What to do next: an empty view always says how to fill it. */
  children?: ReactNode;
  action?: ReactNode;
}

/** The calm placeholder of a view with nothing to show, and what to do about it. */
export function EmptyState({ title, children, action }: EmptyStateProps) {
  return (
    <div className="empty-state" role="status">
      <h2>{title}</h2>
      {children && <div className="empty-state__body">{children}</div>}
      {action && <div className="empty-state__action">{action}</div>}
    </div>
  );
}
