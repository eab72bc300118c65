/**
 * Where the sweep's queue lives: `--queue redis://[USER:PASSWORD@]HOST:PORT/DB`, parsed into the
 * connection options BullMQ hands to its Redis driver (ioredis). Coordinator and workers name the
 * same URL; every experiment cell is one job on the queue QUEUE_NAME in that database.
 */
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';

export const QUEUE_NAME = 'jerp-cells';

export interface QueueConnection {
  /** The URL as given, with any password masked: safe to print. */
  display: string;
  options: RedisOptions;
}

export function parseQueueUrl(raw: string): QueueConnection {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--queue must be a Redis URL redis://HOST:PORT/DB, got "${raw}"`);
  }
  if (url.protocol !== 'redis:') throw new Error(`--queue must start with redis://, got "${raw}"`);
  if (!url.hostname) throw new Error(`--queue needs a host: redis://HOST:PORT/DB, got "${raw}"`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new Error(`--queue: the database must be a number (redis://HOST:PORT/DB), got "/${dbText}"`);
  if (url.search || url.hash) throw new Error(`--queue takes no query or fragment, got "${raw}"`);
  const db = dbText === '' ? 0 : Number(dbText);
  const options: RedisOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    // BullMQ's workers block on Redis; they require commands to wait for a reconnect rather than fail.
    maxRetriesPerRequest: null,
  };
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  const display = `redis://${url.username ? `${url.username}${url.password ? ':***' : ''}@` : ''}${url.host}/${db}`;
  return { display, options };
}

/**
 * Connects once, without retrying, so an unreachable server is a clear error at start instead of a
 * coordinator or worker that waits forever (the driver otherwise reconnects without end).
 */
export async function assertReachable(connection: QueueConnection, timeoutMs = 5000): Promise<void> {
  const client = new Redis({ ...connection.options, lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  client.on('error', () => {}); // reported below, through connect's rejection
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`cannot reach Redis at ${connection.display}: ${(error as Error).message}`);
  } finally {
    client.disconnect();
  }
}
