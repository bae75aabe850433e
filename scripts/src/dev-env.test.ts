import { describe, expect, it } from 'vitest';
import { generateInternalContextKeys, internalContextKey, internalContextPublicKeys, PUBLISHED_DEVELOPMENT_SECRETS } from '@attunelogic/shared';
import { devEnv } from './dev-env';

describe('devEnv', () => {
  it('fills in the development defaults, the database on 27017', () => {
    expect(devEnv({})).toMatchObject({ MONGODB_URI: 'mongodb://127.0.0.1:27017/', MONGODB_DB_PREFIX: 'attunelogic' });
  });

  it('finds the database that pnpm dev and pnpm db start on DB_PORT', () => {
    expect(devEnv({ DB_PORT: '37017' })['MONGODB_URI']).toBe('mongodb://127.0.0.1:37017/');
  });

  it('keeps what the environment sets', () => {
    const env = devEnv({ DB_PORT: '37017', MONGODB_URI: 'mongodb://db.internal:27017/', JWT_SECRET: 'mine' });
    expect(env['MONGODB_URI']).toBe('mongodb://db.internal:27017/');
    expect(env['JWT_SECRET']).toBe('mine');
  });

  it('gives the subgraphs the published public key with the published private key', () => {
    const env = devEnv({});
    expect(env['INTERNAL_CONTEXT_PRIVATE_KEY']).toBe(PUBLISHED_DEVELOPMENT_SECRETS.INTERNAL_CONTEXT_PRIVATE_KEY);
    expect(env['INTERNAL_CONTEXT_PUBLIC_KEYS']).toBe(PUBLISHED_DEVELOPMENT_SECRETS.INTERNAL_CONTEXT_PUBLIC_KEYS);
  });

  it("gives the subgraphs the public half of a private key of one's own, not the published key", () => {
    const own = generateInternalContextKeys();
    const env = devEnv({ INTERNAL_CONTEXT_PRIVATE_KEY: own.privateKey });
    const accepted = internalContextPublicKeys(env['INTERNAL_CONTEXT_PUBLIC_KEYS']!);
    expect([...accepted.keys()]).toEqual([internalContextKey(own.privateKey).kid]);
  });
});
