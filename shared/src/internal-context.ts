import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { APP_TYPES, freezeTenant, type TenantContext } from './tenant';

/** The header the gateway sets on every subgraph request; never copied from a client. */
export const INTERNAL_CONTEXT_HEADER = 'x-attunelogic-context';
const ISSUER = 'attunelogic-gateway';
const ALGORITHM = 'HS256';
/** Upper bound on the lifetime of an internal context, in seconds (the contract says "short-lived"). */
export const MAX_INTERNAL_CONTEXT_TTL_SECONDS = 60;

const claimsSchema = z.object({
  tid: z.string().min(1),
  slug: z.string().min(1),
  app: z.enum(APP_TYPES),
  sub: z.string().min(1),
  roles: z.array(z.string()),
  flags: z.record(z.string(), z.boolean()),
  rid: z.string().min(1),
});

/** Turns the shared secret into a key once; signing and verifying then cost no key derivation. */
export const internalContextKey = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/**
 * Signs the tenant context for one subgraph: the audience is the subgraph's name, so a context minted
 * for `core` is refused by `trucking`.
 */
export async function signInternalContext(
  key: Uint8Array,
  audience: string,
  tenant: TenantContext,
  ttlSeconds = 30,
): Promise<string> {
  const ttl = Math.min(ttlSeconds, MAX_INTERNAL_CONTEXT_TTL_SECONDS);
  return new SignJWT({
    tid: tenant.tenantId,
    slug: tenant.slug,
    app: tenant.appType,
    roles: [...tenant.roles],
    flags: { ...tenant.flags },
    rid: tenant.requestId,
  })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject(tenant.userId)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(key);
}

export class InternalContextError extends Error {
  override readonly name = 'InternalContextError';
}

/** Verifies an internal context for this subgraph; throws `InternalContextError` on any failure. */
export async function verifyInternalContext(
  key: Uint8Array,
  audience: string,
  token: string | undefined,
): Promise<TenantContext> {
  if (!token) throw new InternalContextError('missing internal context');
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience,
      algorithms: [ALGORITHM],
      requiredClaims: ['exp', 'iat', 'sub'],
      maxTokenAge: `${MAX_INTERNAL_CONTEXT_TTL_SECONDS}s`,
    });
    const claims = claimsSchema.parse(payload);
    return freezeTenant({
      tenantId: claims.tid,
      slug: claims.slug,
      appType: claims.app,
      userId: claims.sub,
      roles: claims.roles,
      flags: claims.flags,
      requestId: claims.rid,
    });
  } catch (error) {
    const reason = error instanceof joseErrors.JOSEError ? error.code : error instanceof z.ZodError ? 'ERR_CLAIMS' : 'ERR_UNKNOWN';
    throw new InternalContextError(`invalid internal context (${reason})`);
  }
}
