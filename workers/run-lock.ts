/**
 * While a worker trains a run it holds that run's Web Lock. Another tab opening the lab then knows
 * the run is alive (not cut off by a reload), and two tabs can never train one run at once. A
 * terminated or crashed worker's locks are released by the browser. Where the Web Locks API is
 * missing (Node tests), training goes on without the guard.
 */
import { runLockName } from '../src/db/runs-repo';

export class RunLockedError extends Error {
  override name = 'RunLockedError';
}

/** Takes the run's lock, or throws RunLockedError when another tab holds it; the returned function releases it. */
export async function holdRunLock(runId: string): Promise<() => void> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return () => {};
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const acquired = await new Promise<boolean>((resolve, reject) => {
    locks
      .request(runLockName(runId), { ifAvailable: true }, async (lock) => {
        resolve(lock !== null);
        if (lock) await held;
      })
      .catch(reject);
  });
  if (!acquired) throw new RunLockedError('This run is training in another tab of the lab: pause or stop it there first.');
  return release;
}
