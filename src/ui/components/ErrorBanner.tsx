/**
 * A dismissible error message. People read a plain sentence; which request failed inside the
 * worker, and the error's class, stay one click away under "Technical details" (and in the
 * console). Storage quota errors get advice instead of a raw DOMException.
 */

/** What an error banner shows: the sentence, and the technical detail behind it when there is one. */
export interface ErrorInfo {
  message: string;
  detail?: string;
}

export function describeError(error: unknown): string {
  const err = error as { name?: string; message?: string; inner?: { name?: string } };
  if (err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError') {
    return 'The browser refused to store more data (storage quota reached). Delete old runs or episodes, or allow more storage for this site; nothing was changed.';
  }
  return err?.message ?? String(error);
}

/** The technical line behind an error: the worker's `detail` (request kind, class, message), else class and message. */
export function errorDetail(error: unknown): string | undefined {
  const err = error as { name?: string; message?: string; detail?: unknown };
  if (typeof err?.detail === 'string') return err.detail;
  if (err?.name && err.name !== 'Error' && err.message) return `${err.name}: ${err.message}`;
  return undefined;
}

/** An error as a banner shows it; the detail also goes to the console, where developers look. */
export function errorInfo(error: unknown): ErrorInfo {
  const detail = errorDetail(error);
  if (detail) console.error(detail, error);
  return { message: describeError(error), ...(detail ? { detail } : {}) };
}

export function ErrorBanner({ error, onDismiss }: { error: string | ErrorInfo | null; onDismiss: () => void }) {
  if (!error) return null;
  const { message, detail } = typeof error === 'string' ? { message: error, detail: undefined } : error;
  return (
    <div className="error-banner" role="alert">
      <div className="error-body">
        <span>{message}</span>
        {detail && detail !== message && (
          <details>
            <summary>Technical details</summary>
            <code>{detail}</code>
          </details>
        )}
      </div>
      <button type="button" onClick={onDismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
