/** The app's one database connection (the browser's IndexedDB, named "jerp-lab"). */
import { LabDatabase } from './schema';

export const db = new LabDatabase();
