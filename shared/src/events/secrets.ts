import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Db } from 'mongodb';
import { z } from 'zod';
import { WEBHOOK_ENDPOINTS_COLLECTION } from './deliveries';

// Webhook signing secrets at rest: AES-256-GCM (node:crypto) under a key named by its id, bound to
// the endpoint it belongs to (tenant and endpoint id are the additional authenticated data, so a
// sealed secret copied onto another endpoint does not open). The keys come from
// WEBHOOK_SECRET_KEYS, `id:base64-key` pairs separated by commas: the first seals, every one opens,
// so a rotation puts the new key first and keeps the old ones until `sealStoredSecrets` has sealed
// every secret again under the new key.
//
// Stored form: `sealed:v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url). A secret stored before
// secrets were sealed (`whsec_…` as it is) is still opened as it is, until the migration seals it.

export interface SecretKeyring {
  /** The key new secrets are sealed with. */
  current: { id: string; key: Buffer };
  /** Every key a stored secret may be sealed with, by id (the current one too). */
  keys: ReadonlyMap<string, Buffer>;
}

const PREFIX = 'sealed:v1:';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** The published development keyring (`pnpm dev` uses it when unset); refused off loopback like the other development secrets. */
export const DEVELOPMENT_WEBHOOK_SECRET_KEYS = `dev-1:${Buffer.from('attunelogic-development-webhooks').toString('base64')}`;

/** Parses `id:base64-key[,id:base64-key…]`; throws naming the problem, never a key. */
export function parseSecretKeys(text: string): SecretKeyring {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, i) => {
      const at = part.indexOf(':');
      const id = at > 0 ? part.slice(0, at) : '';
      if (!KEY_ID.test(id)) throw new Error(`key ${i + 1}: write it as <id>:<base64 key>, the id of 1 to 32 letters, digits, - or _`);
      const key = Buffer.from(part.slice(at + 1), 'base64');
      if (key.length !== 32) throw new Error(`key ${id}: must be 32 bytes (base64 of 32 random bytes: openssl rand -base64 32)`);
      return [id, key] as const;
    });
  if (entries.length === 0) throw new Error('at least one key');
  const keys = new Map(entries);
  if (keys.size !== entries.length) throw new Error('two keys with the same id');
  return { current: { id: entries[0]![0], key: entries[0]![1] }, keys };
}

/** The variable's schema: the keyring, checked when the configuration is loaded. */
export const webhookSecretKeysEnv = z
  .string()
  .default(DEVELOPMENT_WEBHOOK_SECRET_KEYS)
  .superRefine((text, ctx) => {
    try {
      parseSecretKeys(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

/** Whether `text` holds the published development key (under any id). */
export function holdsDevelopmentKey(text: string): boolean {
  const published = parseSecretKeys(DEVELOPMENT_WEBHOOK_SECRET_KEYS).current.key;
  try {
    return [...parseSecretKeys(text).keys.values()].some((key) => key.equals(published));
  } catch {
    return false;
  }
}

/** What a sealed secret is bound to: its endpoint, of its tenant. */
export const endpointSecretContext = (tenantId: string, endpointId: string): string => `webhook-endpoint:${tenantId}:${endpointId}`;

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/** The key id a stored secret is sealed with (null for one stored as it is). */
export const sealedWith = (stored: string): string | null => (isSealed(stored) ? (stored.slice(PREFIX.length).split(':')[0] ?? null) : null);

/** Seals `secret` under the current key, bound to `context`. */
export function sealSecret(ring: SecretKeyring, secret: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${PREFIX}${ring.current.id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
}

/** Thrown when a stored secret does not open: its key is not in the keyring, or it was altered or moved. */
export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
}

/** The secret `stored` holds (one stored before sealing, as it is). */
export function openSecret(ring: SecretKeyring, stored: string, context: string): string {
  if (!isSealed(stored)) return stored;
  const [id, iv, tag, data] = stored.slice(PREFIX.length).split(':');
  const key = id ? ring.keys.get(id) : undefined;
  if (!key || !iv || !tag || data === undefined)
    throw new SecretUnavailableError(`the signing secret is sealed with key ${id ?? '?'}, which WEBHOOK_SECRET_KEYS does not hold`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnavailableError('the signing secret does not open: altered, or not this endpoint’s');
  }
}

interface StoredEndpointSecret {
  _id: unknown;
  parentCompany: { toHexString(): string };
  secret: string;
}

/**
 * The migration, and the second half of a rotation: seals every secret stored as it is in core's
 * database `core` (its webhook endpoints), and seals
 * again under the current key every one sealed with another. Each is one write guarded by the value
 * it read (a concurrent change wins). Safe to run again and from several processes. A secret whose
 * key is not in the keyring is left as it is and counted.
 */
export async function sealStoredSecrets(core: Db, ring: SecretKeyring): Promise<{ sealed: number; resealed: number; unavailable: number }> {
  const endpoints = core.collection<StoredEndpointSecret>(WEBHOOK_ENDPOINTS_COLLECTION);
  const counts = { sealed: 0, resealed: 0, unavailable: 0 };
  const current = `${PREFIX}${ring.current.id}:`;
  // Every endpoint is read (a tenant has a handful): the ones already sealed under the current key are passed here.
  const cursor = endpoints.find({}, { projection: { _id: 1, parentCompany: 1, secret: 1 } });
  for await (const endpoint of cursor) {
    if (endpoint.secret.startsWith(current)) continue;
    const context = endpointSecretContext(endpoint.parentCompany.toHexString(), String(endpoint._id));
    let secret: string;
    try {
      secret = openSecret(ring, endpoint.secret, context);
    } catch {
      counts.unavailable++;
      continue;
    }
    const done = await endpoints.updateOne({ _id: endpoint._id, parentCompany: endpoint.parentCompany, secret: endpoint.secret } as never, {
      $set: { secret: sealSecret(ring, secret, context) },
    });
    if (done.modifiedCount === 1) counts[isSealed(endpoint.secret) ? 'resealed' : 'sealed']++;
  }
  return counts;
}
