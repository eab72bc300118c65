/**
 * Fetching what the app ships (converted games, goals, models) from inside the worker. The
 * worker's own URL lies under assets/, so the page tells it the app's base URL at start (init).
 */
import type { DataReader } from '../src/core/tasks/data-reader';

let baseUrl: string | null = null;

export function setBaseUrl(url: string): void {
  baseUrl = url;
}

export function assetUrl(path: string): string {
  if (!baseUrl) throw new Error('The lab worker was not initialised with the app base URL (send "init" first).');
  return new URL(path, baseUrl).href;
}

export class AssetLoadError extends Error {
  override name = 'AssetLoadError';
}

export async function fetchJson(path: string): Promise<unknown> {
  const url = assetUrl(path);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new AssetLoadError(`Could not fetch ${path}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new AssetLoadError(`Could not fetch ${path}: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch (error) {
    throw new AssetLoadError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The worker's DataReader: shipped data fetched relative to the app's base URL (the same paths Node reads under public/). */
export const fetchDataReader: DataReader = { json: fetchJson };
