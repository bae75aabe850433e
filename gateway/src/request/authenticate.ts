import { type IncomingMessage } from 'node:http';
import { freezeTenant, type Logger, type TenantContext } from '@attunelogic/shared';
import { isDatabaseUnavailable } from '@attunelogic/shared/errors';
import { readTenantHeader, resolveTenant } from '../auth/resolve-tenant';
import { RefusalError, unauthenticated, type TokenVerifier } from '../auth/verify-token';
import { refusal, refusals, type Refusal } from '../http/refusals';
import { type RequestIds } from '../http/router';
import { type Directory, type TenantRecord } from '@attunelogic/shared/tenancy';
import { verifyParent } from '../verification/verify-parent';

/** Who a request is for, once its token, tenant and membership are verified. */
export interface Authenticated {
  readonly tenant: TenantContext;
  readonly record: TenantRecord;
  /** Whether the token's subject is a person or an API client (a long-lived stream verifies it again). */
  readonly principal: 'user' | 'client';
  /** When the token expires: a long-lived stream ends then. */
  readonly expiresAt: Date;
  /** The OAuth client of the token (registered operations). */
  readonly clientId?: string;
}

export type Authentication = { readonly ok: true; readonly value: Authenticated } | { readonly ok: false; readonly refusal: Refusal; readonly reason: string };

/**
 * Tenant resolution → token verification → parent verification, as one stage of the pipeline:
 * the request's tenant context, or the refusal to answer with (never a thrown error for an
 * expected failure). A database outage while reading the directory is a 503.
 */
export function createAuthenticator(deps: { verifyToken: TokenVerifier; directory: Directory; logger: Logger }) {
  return async function authenticate(req: IncomingMessage, ids: RequestIds): Promise<Authentication> {
    const { requestId } = ids;
    try {
      // Node keeps only the first of repeated Authorization headers; a request carrying two tokens is
      // refused rather than judged by whichever came first. Two X-Tenant headers likewise.
      const authorizations = req.headersDistinct['authorization'] ?? [];
      if (authorizations.length > 1) throw unauthenticated('repeated authorization header');
      const tenants = req.headersDistinct['x-tenant'] ?? [];
      const header = readTenantHeader(tenants.length > 1 ? tenants : tenants[0]);
      const claims = await deps.verifyToken(authorizations[0]);
      const slug = resolveTenant(header, claims.tenant);
      const { tenant, user } = await verifyParent(deps.directory, slug, claims.sub, claims.principal);
      const context = freezeTenant({
        tenantId: tenant.id,
        slug: tenant.slug,
        appType: tenant.appType,
        userId: user.id,
        roles: user.roles,
        flags: tenant.flags,
        settings: tenant.settings,
        placement: tenant.placement,
        requestId,
        ...(ids.clientRequestId ? { clientRequestId: ids.clientRequestId } : {}),
      });
      return {
        ok: true,
        value: {
          tenant: context,
          record: tenant,
          principal: claims.principal,
          expiresAt: new Date(claims.exp * 1000),
          ...(claims.clientId ? { clientId: claims.clientId } : {}),
        },
      };
    } catch (error) {
      if (error instanceof RefusalError) return { ok: false, refusal: refusal(error.code, error.message), reason: error.reason };
      if (isDatabaseUnavailable(error)) {
        deps.logger.warn({ requestId, err: error }, 'parent verification: database unavailable');
        return { ok: false, refusal: refusals.databaseUnavailable(), reason: 'database unavailable' };
      }
      throw error;
    }
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
