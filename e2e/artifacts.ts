/** Where e2e specs save screenshots for people to look at (kept by CI as test artifacts). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ARTIFACTS_DIR = join(process.cwd(), 'e2e', 'artifacts');
mkdirSync(ARTIFACTS_DIR, { recursive: true });

export function artifactPath(name: string): string {
  return join(ARTIFACTS_DIR, name);
}
