import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase } from '../mongo/connect';
import { WEBHOOK_ENDPOINTS_COLLECTION } from './deliveries';
import { endpointSecretContext, isSealed, openSecret, parseSecretKeys, sealedWith, sealSecret, sealStoredSecrets, SecretUnavailableError } from './secrets';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const OLD = `k1:${key(1)}`;
const NEW = `k2:${key(2)}`;
const SECRET = `whsec_${Buffer.from('a signing secret of 32 bytes!!!!').toString('base64')}`;
const tenant = new mongoose.Types.ObjectId();
const context = (endpoint: mongoose.Types.ObjectId) => endpointSecretContext(tenant.toHexString(), endpoint.toHexString());

describe('webhook secrets sealed at rest', () => {
  it('seals with the current key and opens again; the stored form holds neither the secret nor the key', () => {
    const ring = parseSecretKeys(OLD);
    const endpoint = new mongoose.Types.ObjectId();
    const sealed = sealSecret(ring, SECRET, context(endpoint));
    expect(sealed).toMatch(/^sealed:v1:k1:/);
    expect(sealed).not.toContain(SECRET.slice(6, 30));
    expect(sealed).not.toContain(key(1));
    expect(sealSecret(ring, SECRET, context(endpoint))).not.toBe(sealed); // a fresh IV every time
    expect(openSecret(ring, sealed, context(endpoint))).toBe(SECRET);
  });

  it('does not open for another endpoint, altered, or without its key; a secret stored as it is opens as it is', () => {
    const ring = parseSecretKeys(OLD);
    const endpoint = new mongoose.Types.ObjectId();
    const sealed = sealSecret(ring, SECRET, context(endpoint));
    expect(() => openSecret(ring, sealed, context(new mongoose.Types.ObjectId()))).toThrow(SecretUnavailableError);
    const parts = sealed.split(':');
    parts[5] = Buffer.from('x'.repeat(10)).toString('base64url');
    expect(() => openSecret(ring, parts.join(':'), context(endpoint))).toThrow(SecretUnavailableError);
    expect(() => openSecret(parseSecretKeys(NEW), sealed, context(endpoint))).toThrow(/key k1/);
    expect(openSecret(ring, SECRET, context(endpoint))).toBe(SECRET);
  });

  it('rotation: the new key first seals; the old one, kept, still opens what it sealed', () => {
    const endpoint = new mongoose.Types.ObjectId();
    const before = sealSecret(parseSecretKeys(OLD), SECRET, context(endpoint));
    const rotated = parseSecretKeys(`${NEW},${OLD}`);
    expect(openSecret(rotated, before, context(endpoint))).toBe(SECRET);
    expect(sealedWith(sealSecret(rotated, SECRET, context(endpoint)))).toBe('k2');
  });

  it('refuses a malformed keyring, naming the problem and never the key', () => {
    expect(() => parseSecretKeys('')).toThrow('at least one key');
    expect(() => parseSecretKeys(`k1:${Buffer.alloc(16).toString('base64')}`)).toThrow('must be 32 bytes');
    expect(() => parseSecretKeys(key(3))).toThrow('<id>:<base64 key>');
    expect(() => parseSecretKeys(`${OLD},${OLD}`)).toThrow('same id');
  });
});

describe('the migration of stored secrets', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await connectDatabase(inject('mongodbUri'), 'test-shared-webhook-secrets');
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('seals the secrets stored as they are, seals again those of an old key, leaves what it cannot open; a second run does nothing', async () => {
    const endpoints = connection.db!.collection<{ _id: mongoose.Types.ObjectId; parentCompany: mongoose.Types.ObjectId; secret: string }>(WEBHOOK_ENDPOINTS_COLLECTION);
    const [plain, old, current, lost] = [0, 1, 2, 3].map(() => new mongoose.Types.ObjectId());
    const ring = parseSecretKeys(`${NEW},${OLD}`);
    await endpoints.insertMany([
      { _id: plain!, parentCompany: tenant, secret: SECRET },
      { _id: old!, parentCompany: tenant, secret: sealSecret(parseSecretKeys(OLD), SECRET, context(old!)) },
      { _id: current!, parentCompany: tenant, secret: sealSecret(ring, SECRET, context(current!)) },
      { _id: lost!, parentCompany: tenant, secret: sealSecret(parseSecretKeys(`k9:${key(9)}`), SECRET, context(lost!)) },
    ]);
    const untouched = (await endpoints.findOne({ _id: current! }))!.secret;
    expect(await sealStoredSecrets(connection.db!, ring)).toEqual({ sealed: 1, resealed: 1, unavailable: 1 });
    for (const id of [plain!, old!, current!]) {
      const { secret } = (await endpoints.findOne({ _id: id }))!;
      expect([isSealed(secret), sealedWith(secret), openSecret(ring, secret, context(id))]).toEqual([true, 'k2', SECRET]);
    }
    expect((await endpoints.findOne({ _id: current! }))!.secret).toBe(untouched);
    expect(sealedWith((await endpoints.findOne({ _id: lost! }))!.secret)).toBe('k9');
    expect(await sealStoredSecrets(connection.db!, ring)).toEqual({ sealed: 0, resealed: 0, unavailable: 1 });
  });
});
