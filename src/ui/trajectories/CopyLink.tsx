/** Copies the page's address (which holds the run, episode, step and comparison) to the clipboard. */
import { useState } from 'react';

export function CopyLink() {
  const [state, setState] = useState<'idle' | 'copied' | { failed: string }>('idle');
  const copy = () => {
    const link = window.location.href;
    navigator.clipboard.writeText(link).then(
      () => setState('copied'),
      // Without clipboard access (an insecure origin, a denied permission) the link is shown to copy by hand.
      () => setState({ failed: link }),
    );
  };
  return (
    <span className="copy-link">
      <button type="button" onClick={copy}>
        Copy link to this step
      </button>
      {state === 'copied' && (
        <span className="muted" role="status">
          {' '}
          Copied.
        </span>
      )}
      {typeof state === 'object' && (
        <label className="muted">
          {' '}
          The browser refused the clipboard; copy this link: <input readOnly value={state.failed} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </span>
  );
}
