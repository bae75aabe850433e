import { FORBIDDEN_TENANT_MESSAGE } from '@attunelogic/shared/errors';
import { RefusalError } from '../auth/verify-token';
import { type Directory, type TenantRecord, type UserRecord } from '@attunelogic/shared/tenancy';

/**
 * Parent verification: the tenant exists, the user exists, is active and belongs to it; then the
 * tenant is active and not canceled. Membership is checked before the tenant's state so that a
 * stranger learns nothing about a tenant, not even that it is inactive.
 */
export async function verifyParent(
  directory: Directory,
  slug: string,
  userId: string,
  principal: 'user' | 'client' = 'user',
): Promise<{ tenant: TenantRecord; user: UserRecord }> {
  const tenant = await directory.tenantBySlug(slug);
  if (!tenant) throw new RefusalError('FORBIDDEN', FORBIDDEN_TENANT_MESSAGE, 'unknown tenant');
  // An API client is the principal as a user is: a member of its tenant, its roles its scopes, and
  // refused once revoked (within the directory's cache lifetime, or at once after revokeApiClient).
  const user = principal === 'client' ? await directory.apiClient(tenant.id, userId) : await directory.user(tenant.id, userId);
  if (!user) throw new RefusalError('FORBIDDEN', FORBIDDEN_TENANT_MESSAGE, 'user is not a member of the tenant');
  if (!user.active) throw new RefusalError('FORBIDDEN', FORBIDDEN_TENANT_MESSAGE, 'user is deactivated');
  if (!tenant.active || tenant.paymentStatus === 'canceled') {
    throw new RefusalError('TENANT_INACTIVE', 'This tenant is inactive.', tenant.active ? 'subscription canceled' : 'tenant deactivated');
  }
  return { tenant, user };
}
