/** The lab's IndexedDB read from the page as it stands (not through the app), for checks that compare stored data. */
import type { Page } from '@playwright/test';

export type Row = Record<string, unknown>;

/** Every row of each named object store of the lab's database. */
export function storedRows<S extends string>(page: Page, stores: readonly S[]): Promise<Record<S, Row[]>> {
  return page.evaluate(async (names) => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('jerp-lab');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const out: Record<string, Array<Record<string, unknown>>> = {};
      for (const name of names) {
        out[name] = await new Promise((resolve, reject) => {
          const request = database.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result as Array<Record<string, unknown>>);
          request.onerror = () => reject(request.error);
        });
      }
      return out;
    } finally {
      database.close();
    }
  }, stores as readonly string[]) as Promise<Record<S, Row[]>>;
}
