import { type Redis } from 'ioredis';
import { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '@attunelogic/shared';
import { startRedisServer, type RedisServer } from '@attunelogic/shared/dev';
import { connectTestDatabase } from '@attunelogic/shared/testing';
import { Browser, personWithPassword, pkce, startAuth, startSignIn, submitSignIn, TEST_PASSWORD, type RunningAuth, type TestPerson } from '../testing';

let connection: Connection;
let coreConnection: Connection;
let redisServer: RedisServer;
const opened: { stop(): Promise<unknown> }[] = [];

beforeAll(async () => {
  [connection, coreConnection] = await Promise.all([connectTestDatabase('auth-throttle-auth'), connectTestDatabase('auth-throttle-core')]);
  redisServer = await startRedisServer();
});

afterAll(async () => {
  for (const item of opened.reverse()) await item.stop().catch(() => undefined);
  await redisServer?.stop();
  await Promise.all([connection?.close(), coreConnection?.close()]);
});

/** An instance of the server; with `redis`, counting in it (as REDIS_URL does). */
async function instance(env: Record<string, string>, redis?: Redis): Promise<RunningAuth> {
  const auth = await startAuth({ connection, coreConnection, env, ...(redis ? { redis } : {}) });
  opened.push(auth);
  return auth;
}

async function redisClient(): Promise<Redis> {
  const redis = await connectRedis(redisServer.url);
  opened.push({ stop: () => redis.quit() });
  return redis;
}

/** One password attempt at `auth`, from a fresh browser: the status (302 to the redirect URI counts as 200). */
async function attempt(auth: RunningAuth, person: TestPerson, email: string, password: string): Promise<number> {
  const browser = new Browser();
  const { action } = await startSignIn(browser, auth.issuer, pkce().challenge);
  const res = await submitSignIn(browser, action, { organization: person.slug, email, password }, 'application/json');
  return res instanceof URL ? 200 : res.status;
}

describe('sign-in throttling shared through Redis', () => {
  it('an account locked by failures at one instance is refused at the other', async () => {
    const env = { AUTH_ACCOUNT_FAILURES: '3', AUTH_ADDRESS_FAILURES: '100' };
    const [a, b] = [await instance(env, await redisClient()), await instance(env, await redisClient())];
    const person = await personWithPassword(a.server, coreConnection);
    const other = await personWithPassword(a.server, coreConnection);
    // Failures spread over both instances add up.
    expect(await attempt(a, person, person.email, 'wrong password 1')).toBe(401);
    expect(await attempt(b, person, person.email, 'wrong password 2')).toBe(401);
    expect(await attempt(a, person, person.email, 'wrong password 3')).toBe(401);
    expect(await attempt(b, person, person.email, TEST_PASSWORD)).toBe(429);
    expect(await attempt(a, person, person.email, TEST_PASSWORD)).toBe(429);
    // The lock is the account's: another person signs in at either.
    expect(await attempt(b, other, other.email, TEST_PASSWORD)).toBe(200);
  });

  it('an address is counted across instances too', async () => {
    const env = { AUTH_ACCOUNT_FAILURES: '100', AUTH_ADDRESS_FAILURES: '4' };
    const [a, b] = [await instance(env, await redisClient()), await instance(env, await redisClient())];
    const person = await personWithPassword(a.server, coreConnection);
    // Another test's failures came from this address (loopback) under the same Redis keys: start from a clean count.
    const redis = await redisClient();
    const counted = await redis.keys('auth:address:*');
    if (counted.length > 0) await redis.del(...counted);
    for (let i = 0; i < 4; i++) expect(await attempt(i % 2 ? a : b, person, `nobody-${i}@${person.slug}.test`, 'guessing a password')).toBe(401);
    expect(await attempt(a, person, person.email, TEST_PASSWORD)).toBe(429);
    expect(await attempt(b, person, person.email, TEST_PASSWORD)).toBe(429);
  });

  it('without Redis each instance counts alone (the reason for REDIS_URL)', async () => {
    const env = { AUTH_ACCOUNT_FAILURES: '2', AUTH_ADDRESS_FAILURES: '100' };
    const [a, b] = [await instance(env), await instance(env)];
    const person = await personWithPassword(a.server, coreConnection);
    expect(await attempt(a, person, person.email, 'wrong password 1')).toBe(401);
    expect(await attempt(a, person, person.email, 'wrong password 2')).toBe(401);
    expect(await attempt(a, person, person.email, TEST_PASSWORD)).toBe(429);
    expect(await attempt(b, person, person.email, TEST_PASSWORD)).toBe(200);
  });

  it('while Redis is away an instance counts in its own memory: it still locks, and sign-in still works', async () => {
    const own = await startRedisServer();
    opened.push(own);
    const redis = await connectRedis(own.url);
    opened.push({ stop: async () => redis.disconnect() });
    const env = { AUTH_ACCOUNT_FAILURES: '2', AUTH_ADDRESS_FAILURES: '100' };
    const a = await instance(env, redis);
    const person = await personWithPassword(a.server, coreConnection);
    const other = await personWithPassword(a.server, coreConnection);
    await own.stop();
    expect(await attempt(a, other, other.email, TEST_PASSWORD)).toBe(200);
    expect(await attempt(a, person, person.email, 'wrong password 1')).toBe(401);
    expect(await attempt(a, person, person.email, 'wrong password 2')).toBe(401);
    expect(await attempt(a, person, person.email, TEST_PASSWORD)).toBe(429);
  });
});
