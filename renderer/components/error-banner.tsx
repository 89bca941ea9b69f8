import type { ErrorInfo } from '../../shared/model/errors';
import { formatErrorInfo } from '../../shared/model/errors';

/** Props of ErrorBanner. */
export interface ErrorBannerProps {
  error: ErrorInfo;
  onDismiss?: () => void;
  onRetry?: () => void;
}

/** An error as the engine reports it: code, message and where (file, offset), with retry/dismiss. */
export function ErrorBanner({ error, onDismiss, onRetry }: ErrorBannerProps) {
  return (
    <div className="error-banner" role="alert">
      <span className="error-banner__code">{error.code}</span>
      <span className="error-banner__message">{formatErrorInfo(error)}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
      {onDismiss && (
        <button type="button" aria-label="Dismiss error" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
