import { describe, expect, it } from 'vitest';
import { assertReachable, parseQueueUrl } from './connection';

describe('parseQueueUrl', () => {
  it('reads host, port, database and credentials, and masks the password when shown', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6380/2')).toMatchObject({ display: 'redis://10.0.0.5:6380/2', options: { host: '10.0.0.5', port: 6380, db: 2, maxRetriesPerRequest: null } });
    expect(parseQueueUrl('redis://queue.local')).toMatchObject({ display: 'redis://queue.local/0', options: { host: 'queue.local', port: 6379, db: 0 } });
    const secret = parseQueueUrl('redis://jerp:p%40ss@host:6379/1');
    expect(secret.options).toMatchObject({ username: 'jerp', password: 'p@ss', db: 1 });
    expect(secret.display).toBe('redis://jerp:***@host:6379/1');
  });

  it.each([
    ['localhost:6379', /must be a Redis URL|must start with redis/],
    ['http://host:6379/0', /must start with redis:\/\//],
    ['redis://host:6379/zero', /database must be a number/],
    ['redis://host:6379/0?tls=1', /no query/],
  ])('refuses %s', (raw, message) => {
    expect(() => parseQueueUrl(raw)).toThrow(message);
  });

  it('says so when nothing answers, instead of waiting', async () => {
    await expect(assertReachable(parseQueueUrl('redis://127.0.0.1:1/0'), 2000)).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1\/0/);
  });
});
