import { SLUG_PATTERN } from '@attunelogic/shared';
import { FORBIDDEN_TENANT_MESSAGE } from '@attunelogic/shared/errors';
import { RefusalError } from './verify-token';

/** Reads `X-Tenant`: undefined when absent; a malformed slug is refused like an unknown tenant. */
export function readTenantHeader(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !SLUG_PATTERN.test(value)) {
    throw new RefusalError('FORBIDDEN', FORBIDDEN_TENANT_MESSAGE, 'malformed X-Tenant');
  }
  return value;
}

/**
 * The tenant of the request: the header when present, else the token's claim; when both are
 * present they must be equal. Pure.
 */
export function resolveTenant(header: string | undefined, claim: string): string {
  if (header !== undefined && header !== claim) {
    throw new RefusalError('FORBIDDEN', FORBIDDEN_TENANT_MESSAGE, 'X-Tenant does not match the token tenant claim');
  }
  if (!SLUG_PATTERN.test(claim)) throw new RefusalError('FORBIDDEN', FORBIDDEN_TENANT_MESSAGE, 'malformed tenant claim');
  return claim;
}
