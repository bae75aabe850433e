// Two instances of one subgraph sharing a Redis refuse a context replayed from one to the other; each
// alone would accept it. Against Debian's redis-server (scripts/setup.sh installs it), never a mock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Redis } from 'ioredis';
import {
  generateInternalContextKeys,
  internalContextKey,
  internalContextVerifier,
  signInternalContext,
  verifyInternalContext,
  type InternalContextVerifier,
} from './internal-context';
import { connectRedis, RedisSeenContexts } from './replay-store';
import { makeTenantContext } from './testing/tenants';
import { startRedisServer, type RedisServer } from './dev/redis-server';

const keys = generateInternalContextKeys();
const key = internalContextKey(keys.privateKey);
const tenant = makeTenantContext({ appType: 'serviceRepair', roles: ['technician'] });
const logged: string[] = [];
const logger = { warn: (_: unknown, message: string) => void logged.push(message), info: (message: string) => void logged.push(message) };

let server: RedisServer;
const clients: Redis[] = [];

const instance = async (url: string): Promise<InternalContextVerifier> => {
  const redis = await connectRedis(url);
  clients.push(redis);
  return internalContextVerifier(keys.publicKey, new RedisSeenContexts(redis, logger as never));
};

async function outcome(verifier: InternalContextVerifier, token: string): Promise<string> {
  try {
    await verifyInternalContext(verifier, 'service', token);
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await server?.stop();
});

describe('RedisSeenContexts', () => {
  it('refuses on a second instance a context the first one accepted, and remembers it no longer than its lifetime', async () => {
    const [a, b] = [await instance(server.url), await instance(server.url)];
    const token = await signInternalContext(key, 'service', tenant, 30);
    expect(await outcome(a, token)).toBe('accepted');
    expect(await outcome(b, token)).toBe('replayed internal context (jti already seen)');
    expect(await outcome(a, token)).toBe('replayed internal context (jti already seen)');
    // Each context of the same request is its own.
    expect(await outcome(b, await signInternalContext(key, 'service', tenant, 30))).toBe('accepted');

    const probe = clients[0]!;
    const keysNow = await probe.keys('ctx:jti:*');
    expect(keysNow).toHaveLength(2);
    const ttl = await probe.pttl(keysNow[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('falls back to its own memory while Redis is away, says so once, and still refuses a replay to itself', async () => {
    const away = await startRedisServer();
    const a = await instance(away.url);
    expect(await outcome(a, await signInternalContext(key, 'service', tenant, 30))).toBe('accepted');
    await away.stop();
    logged.length = 0;
    const token = await signInternalContext(key, 'service', tenant, 30);
    expect(await outcome(a, token)).toBe('accepted');
    expect(await outcome(a, token)).toBe('replayed internal context (jti already seen)');
    expect(logged).toEqual(['replay store: Redis unreachable, remembering contexts in this instance only']);
  });
});
