import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { type Connection } from 'mongoose';

/** The one algorithm the server signs with; the gateway accepts it from a JWKS. */
export const SIGNING_ALG = 'EdDSA';

export interface SigningKey extends JWK {
  kid: string;
  alg: string;
  use: 'sig';
}

/** A new Ed25519 signing key, its `kid` the thumbprint-like hash of its public part. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = createHash('sha256')
    .update(jwk.x ?? '')
    .digest('base64url')
    .slice(0, 16);
  return { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
}

/** Parses AUTH_SIGNING_KEYS (a JWK set of private keys, the signing one first). */
export function parseSigningKeys(json: string): SigningKey[] {
  const parsed = JSON.parse(json) as { keys?: unknown };
  const keys = Array.isArray(parsed.keys) ? (parsed.keys as SigningKey[]) : [];
  if (keys.length === 0 || keys.some((key) => typeof key.kid !== 'string' || typeof key.d !== 'string')) {
    throw new Error('AUTH_SIGNING_KEYS must be {"keys":[...]} of private JWKs, each with a kid');
  }
  return keys;
}

/**
 * Development only: the signing key kept in the server's own database, made on first start, so
 * tokens stay valid across restarts of `pnpm dev`. Production passes AUTH_SIGNING_KEYS instead.
 */
export async function developmentSigningKeys(connection: Connection): Promise<SigningKey[]> {
  const collection = connection.collection<{ _id: string; key: SigningKey }>('signingKeys');
  const stored = await collection.findOne({ _id: 'development' });
  if (stored) return [stored.key];
  const key = await generateSigningKey();
  // Two processes starting at once: the first insert wins, and both use what is stored.
  await collection.updateOne({ _id: 'development' }, { $setOnInsert: { key } }, { upsert: true });
  const winner = await collection.findOne({ _id: 'development' });
  return [winner?.key ?? key];
}
