import mongoose from 'mongoose';
import { DomainError } from '@attunelogic/shared/errors';
import { SLUG_PATTERN } from '@attunelogic/shared';
import { type CoreUserModel, type Directory } from '@attunelogic/shared/tenancy';
import { type CredentialStore } from './credentials';
import { createThrottle, type Throttle, type ThrottleOptions } from './throttle';

/** Who signed in: core's user id (the token's `sub`) and the tenant the user belongs to (its `tenant`). */
export interface Account {
  readonly userId: string;
  readonly tenantId: string;
  readonly slug: string;
}

/** One message for every cause, so a stranger learns nothing about which organizations or accounts exist. */
export const SIGN_IN_REFUSED = 'Wrong organization, email or password.';
export const SIGN_IN_THROTTLED = 'Too many failed sign-ins. Try again later.';

export type { ThrottleOptions } from './throttle';

const normalise = (value: unknown): string =>
  String(value ?? '')
    .trim()
    .toLowerCase();

/** The key an account's failures count under: organization and email as typed (normalised), whether or not they exist. */
export const accountKey = (organization: string, email: string): string => `${normalise(organization)}:${normalise(email)}`;

export interface Accounts {
  /**
   * The account of a right password, with the key its failures count under; a DomainError
   * (UNAUTHENTICATED, or RATE_LIMITED past the throttle) otherwise. The account's count is cleared
   * by the caller once the sign-in is complete (after the second factor, when there is one).
   */
  signIn(input: { organization: string; email: string; password: string }, address: string): Promise<Account & { accountKey: string }>;
  /** The account behind a token's subject while the user and its tenant are active; null otherwise. */
  find(userId: string): Promise<Account | null>;
  /** The failure counts of sign-in, which the second factor's codes share. */
  readonly throttle: Throttle;
}

/**
 * People sign in with their organization (the tenant's slug), email and password. Users are
 * core's (read through the shared tenancy views); passwords are the authorization server's.
 * Failures count per account and per client address (rate-limiter-flexible: in this process, or in
 * Redis shared by every instance).
 */
export function createAccounts(deps: { directory: Directory; users: CoreUserModel; credentials: CredentialStore; throttle: ThrottleOptions }): Accounts {
  const throttle = createThrottle(deps.throttle);
  const refused = () => new DomainError('UNAUTHENTICATED', SIGN_IN_REFUSED);

  return {
    throttle,
    async signIn(input, address) {
      const [organization, email] = [normalise(input.organization), normalise(input.email)];
      const key = accountKey(organization, email);
      if (await throttle.isThrottled(key, address)) throw new DomainError('RATE_LIMITED', SIGN_IN_THROTTLED);

      const tenant = SLUG_PATTERN.test(organization) ? await deps.directory.tenantBySlug(organization) : null;
      const user =
        tenant && email.length > 0 && email.length <= 320
          ? await deps.users
              .findOne({ parentCompany: new mongoose.Types.ObjectId(tenant.id), email })
              .select({ _id: 1, active: 1 })
              .lean()
          : null;
      const credential = user ? await deps.credentials.get(user._id.toHexString()) : null;
      // The password is checked (or a decoy, as long) whatever was found, so timing tells nothing either.
      const matches = await deps.credentials.check(credential && tenant && credential.tenantId.toHexString() === tenant.id ? credential : null, input.password);
      if (!matches || !tenant || !user || !user.active || !tenant.active || tenant.paymentStatus === 'canceled') {
        await throttle.failed(key, address);
        throw refused();
      }
      return { userId: user._id.toHexString(), tenantId: tenant.id, slug: tenant.slug, accountKey: key };
    },

    async find(userId) {
      const credential = await deps.credentials.get(userId);
      if (!credential) return null;
      const tenant = await deps.directory.tenantBySlug(credential.slug);
      if (!tenant || tenant.id !== credential.tenantId.toHexString() || !tenant.active || tenant.paymentStatus === 'canceled') return null;
      const user = await deps.directory.user(tenant.id, userId);
      if (!user?.active) return null;
      return { userId, tenantId: tenant.id, slug: tenant.slug };
    },
  };
}
