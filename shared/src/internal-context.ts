import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, webcrypto, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors, type JWTHeaderParameters } from 'jose';
import { z } from 'zod';
import { APP_TYPES, freezeTenant, type TenantContext } from './tenant';
import { PLACEMENT_MODES, POOLED } from './tenancy/placement';

/** The header the gateway sets on every subgraph request; never copied from a client. */
export const INTERNAL_CONTEXT_HEADER = 'x-attunelogic-context';
const ISSUER = 'attunelogic-gateway';
/** Ed25519 signatures: only the gateway holds the private key, so no subgraph can mint a context. */
const ALGORITHM = 'EdDSA';
/** Upper bound on the lifetime of an internal context, in seconds (the contract says "short-lived"). */
export const MAX_INTERNAL_CONTEXT_TTL_SECONDS = 60;
/** How many unexpired contexts a subgraph remembers to refuse replays; past it, requests are refused (503) rather than replays let through. */
export const DEFAULT_SEEN_CONTEXTS_CAPACITY = 100_000;

const claimsSchema = z.object({
  tid: z.string().min(1),
  slug: z.string().min(1),
  app: z.enum(APP_TYPES),
  sub: z.string().min(1),
  roles: z.array(z.string()),
  flags: z.record(z.string(), z.boolean()),
  set: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
  rid: z.string().min(1),
  crid: z.string().min(1).optional(),
  /** The tenant's placement (mode, version, whether on another server); absent: pooled. */
  pl: z.object({ m: z.enum(PLACEMENT_MODES), v: z.number().int().min(0), x: z.boolean() }).optional(),
  jti: z.string().min(16).max(64),
  exp: z.number(),
});

/** Why a key given as configuration is unusable (said by config validation, never with the key itself). */
export class InternalContextKeyError extends Error {
  override readonly name = 'InternalContextKeyError';
}

/** The gateway's signing key (Ed25519 private key) and its key id, parsed once per process. */
export interface InternalContextKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/**
 * The gateway's signing key from configuration: an Ed25519 private key as a JWK (one line, what
 * `.env` holds) or as PKCS#8 PEM. Its key id is the RFC 7638 thumbprint of its public key, so the
 * subgraphs need no separate key-id setting.
 * @example internalContextKey(config.INTERNAL_CONTEXT_PRIVATE_KEY)
 */
export function internalContextKey(privateKey: string): InternalContextKey {
  const text = privateKey.trim();
  let key: KeyObject;
  try {
    key = text.startsWith('{') ? createPrivateKey({ key: JSON.parse(text) as never, format: 'jwk' }) : createPrivateKey(text);
  } catch {
    throw new InternalContextKeyError('not an Ed25519 private key (a JWK or a PKCS#8 PEM)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InternalContextKeyError(`an ${key.asymmetricKeyType ?? 'unknown'} key: Ed25519 is required`);
  return { kid: keyId(createPublicKey(key)), privateKey: key };
}

/** The public keys a subgraph accepts, by key id: the current one and, during a rotation, the next or the previous. */
export type InternalContextPublicKeys = ReadonlyMap<string, KeyObject>;

/**
 * The public keys of internal contexts from configuration: a JWK, a JWK Set (`{"keys": [...]}`) or
 * one or more SPKI PEM blocks. A private key is refused: a subgraph that held one could sign.
 * @example internalContextPublicKeys(config.INTERNAL_CONTEXT_PUBLIC_KEYS)
 */
export function internalContextPublicKeys(publicKeys: string): InternalContextPublicKeys {
  const text = publicKeys.trim();
  const keys = new Map<string, KeyObject>();
  for (const entry of publicKeyEntries(text)) {
    let key: KeyObject;
    try {
      key = typeof entry === 'string' ? createPublicKey(entry) : createPublicKey({ key: entry as never, format: 'jwk' });
    } catch {
      throw new InternalContextKeyError('not an Ed25519 public key (a JWK, a JWK Set or an SPKI PEM)');
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new InternalContextKeyError(`an ${key.asymmetricKeyType ?? 'unknown'} key: Ed25519 is required`);
    keys.set(keyId(key), key);
  }
  if (keys.size === 0) throw new InternalContextKeyError('no public key');
  return keys;
}

function publicKeyEntries(text: string): (string | Record<string, unknown>)[] {
  if (!text.startsWith('{')) {
    if (text.includes('PRIVATE KEY')) throw new InternalContextKeyError('a private key: give the subgraphs the public key only');
    return text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [text];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InternalContextKeyError('not valid JSON (a JWK or a JWK Set)');
  }
  const record = (parsed ?? {}) as Record<string, unknown>;
  const entries = Array.isArray(record['keys']) ? (record['keys'] as unknown[]) : [record];
  return entries.map((entry) => {
    if (typeof entry !== 'object' || entry === null) throw new InternalContextKeyError('a JWK Set entry that is not a JWK');
    if ('d' in entry) throw new InternalContextKeyError('a private key: give the subgraphs the public key only');
    return entry as Record<string, unknown>;
  });
}

/** The RFC 7638 thumbprint of an Ed25519 public key: its key id wherever the key is written. */
export function keyId(publicKey: KeyObject): string {
  const { crv, kty, x } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
}

/**
 * A new Ed25519 key pair as one-line JWKs (the private one for the gateway, the public one for the
 * subgraphs), for `.env`, a secret store or a test stack.
 */
export function generateInternalContextKeys(): { privateKey: string; publicKey: string; kid: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = { kid: keyId(createPublicKey(privateKey)), privateKey };
  return { privateKey: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: key.kid }), publicKey: publicJwkOf(key), kid: key.kid };
}

/** The public half of the gateway's key as a one-line JWK: what the subgraphs are given. */
export function publicJwkOf(key: InternalContextKey): string {
  return JSON.stringify({ ...createPublicKey(key.privateKey).export({ format: 'jwk' }), kid: key.kid, alg: ALGORITHM, use: 'sig' });
}

/**
 * Signs the tenant context for one subgraph fetch: the audience is the subgraph's name, so a context
 * minted for `core` is refused by `trucking`, and its `jti` is new, so a subgraph accepts it once.
 */
export async function signInternalContext(key: InternalContextKey, audience: string, tenant: TenantContext, ttlSeconds = 30): Promise<string> {
  const ttl = Math.min(ttlSeconds, MAX_INTERNAL_CONTEXT_TTL_SECONDS);
  return new SignJWT({
    tid: tenant.tenantId,
    slug: tenant.slug,
    app: tenant.appType,
    roles: [...tenant.roles],
    flags: { ...tenant.flags },
    set: { ...tenant.settings },
    rid: tenant.requestId,
    ...(tenant.clientRequestId ? { crid: tenant.clientRequestId } : {}),
    ...(tenant.placement && tenant.placement !== POOLED ? { pl: { m: tenant.placement.mode, v: tenant.placement.version, x: tenant.placement.external } } : {}),
  })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject(tenant.userId)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(key.privateKey);
}

export class InternalContextError extends Error {
  override readonly name = 'InternalContextError';
  /** `replay-store-full`: the subgraph cannot tell a replay apart right now (503), anything else is a refusal (401). */
  constructor(
    message: string,
    readonly reason: 'invalid' | 'replayed' | 'replay-store-full' = 'invalid',
  ) {
    super(message);
  }
}

/** What `remember` answers: seen for the first time, seen before (a replay), or no room to tell. */
export type Remembered = 'fresh' | 'replayed' | 'full';

/**
 * Where a subgraph remembers the `jti`s of the internal contexts it accepted, until they expire: in
 * its own memory (`SeenContexts`) or, for several instances of one subgraph, in Redis
 * (`RedisSeenContexts`).
 */
export interface ReplayStore {
  readonly capacity: number;
  remember(jti: string, expiresAtMs: number): Remembered | Promise<Remembered>;
}

/**
 * The `jti`s of the contexts a subgraph has accepted, each until its context expires: a context seen
 * again within its lifetime is a replay. Bounded: when `capacity` unexpired contexts are remembered,
 * a new one is refused rather than a remembered one forgotten early.
 */
export class SeenContexts implements ReplayStore {
  private readonly seen = new Map<string, number>();

  constructor(
    readonly capacity = DEFAULT_SEEN_CONTEXTS_CAPACITY,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  /** Remembers `jti` until `expiresAtMs`; `fresh` the first time, `replayed` after, `full` when nothing can be remembered. */
  remember(jti: string, expiresAtMs: number): Remembered {
    const now = this.now();
    this.forgetExpired(now);
    if (this.seen.has(jti)) return 'replayed';
    if (this.seen.size >= this.capacity) return 'full';
    this.seen.set(jti, expiresAtMs);
    return 'fresh';
  }

  /**
   * Drops the expired entries from the oldest on, stopping at the first one still alive: the gateway
   * gives every context the same lifetime, so entries expire in the order they came (amortised O(1)).
   */
  private forgetExpired(now: number): void {
    for (const [jti, until] of this.seen) {
      if (until > now) return;
      this.seen.delete(jti);
    }
  }
}

/** What a subgraph verifies internal contexts with: the gateway's public keys and the contexts already seen. */
export interface InternalContextVerifier {
  readonly keys: InternalContextPublicKeys;
  readonly seen: ReplayStore;
}

/**
 * A subgraph's verifier from its configured public keys (see `internalContextPublicKeys`) and where it
 * remembers the contexts it accepted: a capacity for its own memory, or a shared store.
 * @example internalContextVerifier(config.INTERNAL_CONTEXT_PUBLIC_KEYS)
 */
export const internalContextVerifier = (publicKeys: string, seen: number | ReplayStore = DEFAULT_SEEN_CONTEXTS_CAPACITY): InternalContextVerifier => ({
  keys: internalContextPublicKeys(publicKeys),
  seen: typeof seen === 'number' ? new SeenContexts(seen) : seen,
});

/** Verifies an internal context for this subgraph, once; throws `InternalContextError` on any failure. */
export async function verifyInternalContext(verifier: InternalContextVerifier, audience: string, token: string | undefined): Promise<TenantContext> {
  if (!token) throw new InternalContextError('missing internal context');
  let claims: z.infer<typeof claimsSchema>;
  try {
    const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => publicKeyFor(verifier.keys, header), {
      issuer: ISSUER,
      audience,
      algorithms: [ALGORITHM],
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      maxTokenAge: `${MAX_INTERNAL_CONTEXT_TTL_SECONDS}s`,
    });
    claims = claimsSchema.parse(payload);
  } catch (error) {
    const reason = error instanceof joseErrors.JOSEError ? error.code : error instanceof z.ZodError ? 'ERR_CLAIMS' : 'ERR_UNKNOWN';
    throw new InternalContextError(`invalid internal context (${reason})`);
  }
  // After the signature: only the gateway's own contexts take a place in the store.
  const seen = await verifier.seen.remember(claims.jti, claims.exp * 1000);
  if (seen === 'replayed') throw new InternalContextError('replayed internal context (jti already seen)', 'replayed');
  if (seen === 'full') throw new InternalContextError(`too many internal contexts in flight (${verifier.seen.capacity})`, 'replay-store-full');
  return freezeTenant({
    tenantId: claims.tid,
    slug: claims.slug,
    appType: claims.app,
    userId: claims.sub,
    roles: claims.roles,
    flags: claims.flags,
    settings: claims.set,
    requestId: claims.rid,
    ...(claims.crid ? { clientRequestId: claims.crid } : {}),
    ...(claims.pl ? { placement: Object.freeze({ mode: claims.pl.m, version: claims.pl.v, external: claims.pl.x }) } : {}),
  });
}

function publicKeyFor(keys: InternalContextPublicKeys, header: JWTHeaderParameters): KeyObject {
  const key = header.kid === undefined ? undefined : keys.get(header.kid);
  if (!key) throw new joseErrors.JWKSNoMatchingKey();
  return key;
}

/**
 * An HS256 key imported once (the gateway's development JWTs). Given a `Uint8Array`, jose imports it
 * into WebCrypto on every call: a sign plus a verify took 2.4 times as long that way as with the
 * imported key (5,000 pairs each, measured on this project's 2-core machine).
 */
export function hmacKey(secret: string): Promise<webcrypto.CryptoKey> {
  const key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  // Awaited by the first sign or verify, which reports the failure; never an unhandled rejection.
  key.catch(() => undefined);
  return key;
}
