/** A dismissible error message. Storage quota errors get advice instead of a raw DOMException. */
export function describeError(error: unknown): string {
  const err = error as { name?: string; message?: string; inner?: { name?: string } };
  if (err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError') {
    return 'The browser refused to store more data (storage quota reached). Delete old runs or episodes, or allow more storage for this site; nothing was changed.';
  }
  return err?.message ?? String(error);
}

export function ErrorBanner({ error, onDismiss }: { error: string | null; onDismiss: () => void }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span>{error}</span>
      <button type="button" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
