import { type webcrypto } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTVerifyGetKey, decodeProtectedHeader } from 'jose';
import { hmacKey, type Clock } from '@attunelogic/shared';
import { UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';
import { LRUCache } from 'lru-cache';
import { type GatewayConfig } from '../config';

/** Refuses a request at the gateway with a registry code and the HTTP status of the contract. */
export class RefusalError extends Error {
  override readonly name = 'RefusalError';
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'TENANT_INACTIVE' | 'PAYMENT_REQUIRED',
    message: string,
    /** Why, for the log only: clients never see it. */
    readonly reason: string,
  ) {
    super(message);
  }
}

export const unauthenticated = (reason: string): RefusalError => new RefusalError('UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE, reason);

export interface VerifiedClaims {
  readonly sub: string;
  readonly tenant: string;
  /**
   * Who `sub` is: a person (core's user id) or a partner's API client (a client-credentials token of
   * the authorization server, whose `sub` is its `client_id`: the client's id in core).
   */
  readonly principal: 'user' | 'client';
  /** When the token expires (seconds since the epoch): a long-lived stream ends then. */
  readonly exp: number;
  /** The OAuth client the token was issued to (`client_id`), when it names one: registered operations. */
  readonly clientId?: string;
}

export interface TokenVerifierOptions {
  secret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer: string;
  /** The issuer of the tokens verified with the JWKS (the authorization server's); `issuer` when absent. */
  jwksIssuer?: string | undefined;
  audience: string;
  /** The longest lifetime (exp − now) and the greatest age (now − iat) accepted, in seconds. */
  maxAgeSeconds: number;
  /** For tests with a frozen clock. */
  /** Tests pass a test clock; the real time otherwise. */
  clock?: Clock;
}

/** Tokens larger than this are refused before any parsing. */
const MAX_TOKEN_LENGTH = 8_192;
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * Verified tokens are remembered this long (and never past their expiry), so a client's next
 * requests skip the signature check; a key dropped from the JWKS stops being honoured within it.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

/** Verifies an Authorization header's bearer token; throws a RefusalError (UNAUTHENTICATED) otherwise. */
export interface TokenVerifier {
  (authorization: string | undefined): Promise<VerifiedClaims>;
  /** Signature checks done and skipped (a token verified moments ago), since the start. */
  readonly stats: () => { readonly verified: number; readonly remembered: number };
}

/** What is kept of a verified token: its claims and the times that bound its use. */
interface Verified {
  readonly claims: VerifiedClaims;
  readonly exp: number;
  readonly nbf: number | undefined;
  readonly iat: number | undefined;
}

interface KeySource {
  key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey;
  algorithms: string[];
  issuer: string;
}

/**
 * Builds the one token verifier of the process: the key sources are created once (a JWKS is fetched
 * once and cached by jose), and the algorithms are an allow-list per key source, so `none` and
 * HS/asymmetric confusion never pass. With both a secret and a JWKS (development: the `token`
 * script beside the authorization server), an HS256 header picks the secret and anything else the
 * JWKS, each with its own algorithms and issuer.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const jwks: KeySource | undefined = options.jwksUrl
    ? {
        key: createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 }),
        algorithms: ['RS256', 'ES256', 'EdDSA'],
        issuer: options.jwksIssuer ?? options.issuer,
      }
    : undefined;
  const hmac: KeySource | undefined = options.secret || !jwks ? { key: hmacKey(options.secret ?? ''), algorithms: ['HS256'], issuer: options.issuer } : undefined;
  const sourceFor = (token: string): KeySource => {
    if (!jwks) return hmac as KeySource;
    if (!hmac) return jwks;
    try {
      return decodeProtectedHeader(token).alg === 'HS256' ? hmac : jwks;
    } catch {
      return jwks; // not a JWS: jwtVerify names the cause
    }
  };

  // Keyed by the whole token: a hit is the very string whose signature was checked.
  const cache = new LRUCache<string, Verified>({ max: VERIFIED_MAX, ttl: VERIFIED_TTL_MS, ttlAutopurge: false });
  const stats = { verified: 0, remembered: 0 };

  /** The time rules, checked on every use of a token: at its first verification and each time it is remembered. */
  const checkTimes = (token: Pick<Verified, 'exp' | 'nbf' | 'iat'>, nowSeconds: number): void => {
    if (nowSeconds > token.exp + CLOCK_TOLERANCE_SECONDS) throw unauthenticated('ERR_JWT_EXPIRED');
    if (token.nbf !== undefined && nowSeconds < token.nbf - CLOCK_TOLERANCE_SECONDS) throw unauthenticated('ERR_JWT_CLAIM_VALIDATION_FAILED');
    if (token.iat !== undefined && token.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw unauthenticated('iat in the future');
    // A stolen token is useful only as long as it lives: none lives, or has lived, longer than the maximum age.
    if (token.exp - nowSeconds > options.maxAgeSeconds + CLOCK_TOLERANCE_SECONDS) throw unauthenticated('lifetime over the maximum age');
    if (token.iat !== undefined && nowSeconds - token.iat > options.maxAgeSeconds) throw unauthenticated('older than the maximum age');
  };

  const verifier = async (authorization: string | undefined): Promise<VerifiedClaims> => {
    const match = authorization?.match(/^Bearer ([A-Za-z0-9_\-.]+)$/);
    if (!match?.[1]) throw unauthenticated(authorization ? 'malformed authorization header' : 'no token');
    const token = match[1];
    if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated('token too large');
    const currentDate = options.clock?.now();
    const nowSeconds = Math.floor((currentDate ?? new Date()).getTime() / 1000);
    const known = cache.get(token);
    if (known) {
      checkTimes(known, nowSeconds);
      stats.remembered++;
      return known.claims;
    }
    try {
      const source = sourceFor(token);
      const key = typeof source.key === 'function' ? source.key : await source.key;
      const { payload } = await jwtVerify(token, key as webcrypto.CryptoKey, {
        issuer: source.issuer,
        audience: options.audience,
        algorithms: source.algorithms,
        requiredClaims: ['exp', 'sub', 'tenant'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        ...(currentDate ? { currentDate } : {}),
      });
      stats.verified++;
      const verified: Verified = {
        claims: {
          sub: payload.sub as string,
          tenant: payload['tenant'] as string,
          // Only the authorization server issues client tokens; a development token is always a person's.
          principal: source === jwks && payload['client_id'] === payload.sub ? 'client' : 'user',
          exp: payload.exp as number,
          ...(typeof payload['client_id'] === 'string' ? { clientId: payload['client_id'] } : {}),
        },
        exp: payload.exp as number,
        nbf: typeof payload.nbf === 'number' ? payload.nbf : undefined,
        iat: typeof payload.iat === 'number' ? payload.iat : undefined,
      };
      if (typeof payload.sub !== 'string' || typeof payload['tenant'] !== 'string') throw unauthenticated('claims of the wrong type');
      checkTimes(verified, nowSeconds);
      cache.set(token, verified, { ttl: Math.max(1, Math.min(VERIFIED_TTL_MS, (verified.exp - nowSeconds) * 1000)) });
      return verified.claims;
    } catch (error) {
      if (error instanceof RefusalError) throw error;
      // jose's `code` names the cause for the log; its message never reaches the client.
      throw unauthenticated(error instanceof joseErrors.JOSEError ? error.code : 'ERR_UNKNOWN');
    }
  };
  return Object.assign(verifier, { stats: () => ({ ...stats }) });
}

/** The gateway's verifier from its configuration. */
export function tokenVerifierFor(config: GatewayConfig, clock?: Clock): TokenVerifier {
  return createTokenVerifier({
    // Beside a JWKS, the secret's tokens count only when development tokens are switched on.
    secret: !config.JWT_JWKS_URL || config.JWT_DEVELOPMENT_TOKENS === 'on' ? config.JWT_SECRET : undefined,
    jwksUrl: config.JWT_JWKS_URL,
    issuer: config.JWT_ISSUER,
    jwksIssuer: config.JWT_JWKS_ISSUER,
    audience: config.JWT_AUDIENCE,
    maxAgeSeconds: config.JWT_MAX_AGE_SECONDS,
    ...(clock ? { clock } : {}),
  });
}
