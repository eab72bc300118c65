/** How much of the browser's storage quota the lab uses, and whether the browser keeps it (persistent). */
import { useEffect, useState } from 'react';
import { formatBytes, requestPersistentStorage, type StorageFigures, storageFigures } from '../../storage';

/** `refresh` changes whenever stored data may have grown (a commit, an import, a delete). */
export function StorageMeter({ refresh }: { refresh: unknown }) {
  const [figures, setFigures] = useState<StorageFigures | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void storageFigures().then((f) => live && setFigures(f));
    return () => {
      live = false;
    };
  }, [refresh]);
  if (figures === undefined) return null;
  if (figures === null) return <p className="muted" data-testid="storage-meter">This browser does not report its storage quota.</p>;
  const share = figures.quota > 0 ? figures.usage / figures.quota : 0;
  return (
    <div className="storage-meter" data-testid="storage-meter">
      <span>
        Storage: {formatBytes(figures.usage)} used of {formatBytes(figures.quota)} ({(100 * share).toFixed(share < 0.01 ? 2 : 0)}%) ·{' '}
        {figures.persisted ? 'persistent (the browser will not evict it)' : 'not persistent (the browser may evict it under pressure)'}
      </span>
      <meter min={0} max={1} value={share} aria-label="Storage used" />
      {!figures.persisted && (
        <button type="button" onClick={() => void requestPersistentStorage().then(() => storageFigures().then(setFigures))}>
          Keep data
        </button>
      )}
    </div>
  );
}
