import { SignJWT } from 'jose';

export interface DevelopmentTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  userId: string;
  tenant: string;
  /** Lifetime in seconds; one hour by default. */
  ttlSeconds?: number;
}

/** A development (HS256) token for a user, as `pnpm token` prints it. */
export async function signDevelopmentToken(options: DevelopmentTokenOptions): Promise<string> {
  return new SignJWT({ tenant: options.tenant })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 3600}s`)
    .sign(new TextEncoder().encode(options.secret));
}
