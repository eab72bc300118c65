/**
 * The browser's storage for the lab's IndexedDB: ask once to keep it (persistent storage is not
 * evicted under pressure), and read how much is used of the quota. Both are best-effort: some
 * browsers lack the API or refuse, and the lab works the same, only with less protection.
 */
export interface StorageFigures {
  usage: number;
  quota: number;
  persisted: boolean;
}

/** Asks the browser to keep the lab's data; true when it is (or already was) persistent. */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.persist) return false;
  try {
    return (await storage.persisted?.()) || (await storage.persist());
  } catch {
    return false;
  }
}

export async function storageFigures(): Promise<StorageFigures | null> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.estimate) return null;
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.().catch(() => false) ?? Promise.resolve(false)]);
  return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
