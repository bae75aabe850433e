import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a download link grants: one document of one tenant until `expires` (Unix seconds). */
export interface DocumentLinkClaims {
  readonly tenantId: string;
  readonly documentId: string;
  readonly expires: number;
}

const mac = (secret: string, claims: DocumentLinkClaims): Buffer =>
  createHmac('sha256', secret).update(`attunelogic-document-link:v1\n${claims.tenantId}\n${claims.documentId}\n${claims.expires}`).digest();

/** The signature of a download link: HMAC-SHA256 over tenant, document and expiry, base64url. */
export const signDocumentLink = (secret: string, claims: DocumentLinkClaims): string => mac(secret, claims).toString('base64url');

/**
 * Whether a link's signature is ours and it is still valid at `now`. The signature is checked
 * first, so an expiry moved by hand is `forged`, never `expired`.
 */
export function verifyDocumentLink(secret: string, claims: DocumentLinkClaims, signature: string, now: Date): 'valid' | 'forged' | 'expired' {
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, claims);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return claims.expires * 1000 <= now.getTime() ? 'expired' : 'valid';
}
