import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, internalContextPrivateKeyEnv, isLoopbackHost, loadConfig, PUBLISHED_DEVELOPMENT_SECRETS, subgraphBaseEnv } from './config';
import { webhookSecretKeysEnv } from './events/secrets';
import { generateInternalContextKeys } from './internal-context';

const schema = z.object({
  ...subgraphBaseEnv,
  JWT_SECRET: z.string().optional(),
  INTERNAL_CONTEXT_PRIVATE_KEY: internalContextPrivateKeyEnv.optional(),
  WEBHOOK_SECRET_KEYS: webhookSecretKeysEnv,
});
const ownWebhookKeys = `prod-2:${Buffer.alloc(32, 7).toString('base64')}`;
const published = { ...PUBLISHED_DEVELOPMENT_SECRETS };
const own = generateInternalContextKeys();

/** The problems `loadConfig` reports for `env`, or [] when it accepts it. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(schema, env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

/** The published development key pair in PEM: the same keys, another encoding. */
const publishedPem = () => {
  const privateKey = createPrivateKey({ key: JSON.parse(PUBLISHED_DEVELOPMENT_SECRETS.INTERNAL_CONTEXT_PRIVATE_KEY) as never, format: 'jwk' });
  return {
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
  };
};

describe('published development secrets', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', 'localhost'])('are accepted while the service listens on loopback (%s)', (HOST) => {
    expect(loadConfig(schema, { ...published, HOST }).HOST).toBe(HOST);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'api.example.com'])('are refused, each named, on %s', (HOST) => {
    const problems = problemsOf({ ...published, HOST });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toContain('JWT_SECRET: the published development secret');
    expect(problems.join('\n')).toContain('WEBHOOK_SECRET_KEYS: the published development key');
    expect(problems.join('\n')).toContain('INTERNAL_CONTEXT_PRIVATE_KEY: the published development key');
    expect(problems.join('\n')).toContain('INTERNAL_CONTEXT_PUBLIC_KEYS: the published development key');
  });

  it('are refused off loopback in another encoding, and the public key among others', () => {
    const pem = publishedPem();
    const jwks = JSON.stringify({ keys: [JSON.parse(own.publicKey), JSON.parse(PUBLISHED_DEVELOPMENT_SECRETS.INTERNAL_CONTEXT_PUBLIC_KEYS)] });
    expect(
      problemsOf({ INTERNAL_CONTEXT_PRIVATE_KEY: pem.privateKey, INTERNAL_CONTEXT_PUBLIC_KEYS: pem.publicKey, HOST: '0.0.0.0', WEBHOOK_SECRET_KEYS: ownWebhookKeys }),
    ).toHaveLength(2);
    // The webhook key unset is the development default: refused too; kept (under another id) for opening, still refused.
    const devMaterial = PUBLISHED_DEVELOPMENT_SECRETS.WEBHOOK_SECRET_KEYS.split(':')[1]!;
    expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: own.publicKey, HOST: '0.0.0.0' })).toEqual([
      'WEBHOOK_SECRET_KEYS: the published development key, refused while listening on 0.0.0.0 (not loopback): set a key (id:base64 of 32 random bytes) of your own',
    ]);
    expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: own.publicKey, HOST: '0.0.0.0', WEBHOOK_SECRET_KEYS: `${ownWebhookKeys},old:${devMaterial}` })).toHaveLength(1);
    expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: jwks, HOST: '0.0.0.0', WEBHOOK_SECRET_KEYS: ownWebhookKeys })).toEqual([
      'INTERNAL_CONTEXT_PUBLIC_KEYS: the published development key, refused while listening on 0.0.0.0 (not loopback): set a key pair of your own',
    ]);
  });

  it('lets a service listen anywhere with secrets of its own', () => {
    expect(
      loadConfig(schema, {
        INTERNAL_CONTEXT_PRIVATE_KEY: own.privateKey,
        INTERNAL_CONTEXT_PUBLIC_KEYS: own.publicKey,
        JWT_SECRET: 'y'.repeat(40),
        WEBHOOK_SECRET_KEYS: ownWebhookKeys,
        HOST: '0.0.0.0',
      }).HOST,
    ).toBe('0.0.0.0');
  });

  it('knows loopback from the rest', () => {
    expect([isLoopbackHost('127.0.0.1'), isLoopbackHost('128.0.0.1'), isLoopbackHost('0.0.0.0'), isLoopbackHost('127.0.0.1.evil')]).toEqual([true, false, false, false]);
  });
});

describe('the keys of internal contexts', () => {
  it('a subgraph refuses a private key in place of its public keys, in either encoding', () => {
    const pem = createPrivateKey({ key: JSON.parse(own.privateKey) as never, format: 'jwk' })
      .export({ format: 'pem', type: 'pkcs8' })
      .toString();
    for (const privateKey of [own.privateKey, pem, JSON.stringify({ keys: [JSON.parse(own.privateKey)] })]) {
      expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: privateKey })).toEqual(['INTERNAL_CONTEXT_PUBLIC_KEYS: a private key: give the subgraphs the public key only']);
    }
  });

  it('refuses what is not an Ed25519 key, without repeating it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: rsa })).toEqual(['INTERNAL_CONTEXT_PUBLIC_KEYS: an rsa key: Ed25519 is required']);
    expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: 'a-shared-secret-of-the-old-kind-0123456789' })).toEqual([
      'INTERNAL_CONTEXT_PUBLIC_KEYS: not an Ed25519 public key (a JWK, a JWK Set or an SPKI PEM)',
    ]);
    expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: own.publicKey, INTERNAL_CONTEXT_PRIVATE_KEY: own.publicKey })).toEqual([
      'INTERNAL_CONTEXT_PRIVATE_KEY: not an Ed25519 private key (a JWK or a PKCS#8 PEM)',
    ]);
    expect(problemsOf({})).toEqual(['INTERNAL_CONTEXT_PUBLIC_KEYS: Invalid input: expected string, received undefined']);
  });

  it('accepts a JWK Set of several keys (a rotation) and PEM blocks side by side', () => {
    const next = generateInternalContextKeys();
    const jwks = JSON.stringify({ keys: [JSON.parse(own.publicKey), JSON.parse(next.publicKey)] });
    const pems = [own, next]
      .map((k) =>
        createPublicKey({ key: JSON.parse(k.publicKey) as never, format: 'jwk' })
          .export({ format: 'pem', type: 'spki' })
          .toString(),
      )
      .join('\n');
    expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: jwks })).toEqual([]);
    expect(problemsOf({ INTERNAL_CONTEXT_PUBLIC_KEYS: pems })).toEqual([]);
  });
});
