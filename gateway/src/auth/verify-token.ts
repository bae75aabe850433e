import { type webcrypto } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { hmacKey, type Clock } from '@attunelogic/shared';
import { UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';

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
}

export interface TokenVerifierOptions {
  secret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer: string;
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

/** Verifies an Authorization header's bearer token; throws a RefusalError (UNAUTHENTICATED) otherwise. */
export type TokenVerifier = (authorization: string | undefined) => Promise<VerifiedClaims>;

/**
 * Builds the one token verifier of the process: the key source is created once (a JWKS is fetched
 * once and cached by jose), and the algorithms are an allow-list per key source, so `none` and
 * HS/asymmetric confusion never pass.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const source: { key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey; algorithms: string[] } = options.jwksUrl
    ? { key: createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 }), algorithms: ['RS256', 'ES256', 'EdDSA'] }
    : { key: hmacKey(options.secret ?? ''), algorithms: ['HS256'] };

  return async (authorization) => {
    const match = authorization?.match(/^Bearer ([A-Za-z0-9_\-.]+)$/);
    if (!match?.[1]) throw unauthenticated(authorization ? 'malformed authorization header' : 'no token');
    const token = match[1];
    if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated('token too large');
    const currentDate = options.clock?.now();
    try {
      const key = typeof source.key === 'function' ? source.key : await source.key;
      const { payload } = await jwtVerify(token, key as webcrypto.CryptoKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: source.algorithms,
        requiredClaims: ['exp', 'sub', 'tenant'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        ...(currentDate ? { currentDate } : {}),
      });
      const nowSeconds = Math.floor((currentDate ?? new Date()).getTime() / 1000);
      if (typeof payload.iat === 'number' && payload.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw unauthenticated('iat in the future');
      // A stolen token is useful only as long as it lives: none lives, or has lived, longer than the maximum age.
      if (typeof payload.exp === 'number' && payload.exp - nowSeconds > options.maxAgeSeconds + CLOCK_TOLERANCE_SECONDS)
        throw unauthenticated('lifetime over the maximum age');
      if (typeof payload.iat === 'number' && nowSeconds - payload.iat > options.maxAgeSeconds) throw unauthenticated('older than the maximum age');
      if (typeof payload.sub !== 'string' || typeof payload['tenant'] !== 'string') throw unauthenticated('claims of the wrong type');
      return { sub: payload.sub, tenant: payload['tenant'] };
    } catch (error) {
      if (error instanceof RefusalError) throw error;
      // jose's `code` names the cause for the log; its message never reaches the client.
      throw unauthenticated(error instanceof joseErrors.JOSEError ? error.code : 'ERR_UNKNOWN');
    }
  };
}
