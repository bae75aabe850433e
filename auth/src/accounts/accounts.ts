import mongoose from 'mongoose';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { DomainError } from '@attunelogic/shared/errors';
import { SLUG_PATTERN } from '@attunelogic/shared';
import { type CoreUserModel, type Directory } from '@attunelogic/shared/tenancy';
import { type CredentialStore } from './credentials';

/** Who signed in: core's user id (the token's `sub`) and the tenant the user belongs to (its `tenant`). */
export interface Account {
  readonly userId: string;
  readonly tenantId: string;
  readonly slug: string;
}

/** One message for every cause, so a stranger learns nothing about which organizations or accounts exist. */
export const SIGN_IN_REFUSED = 'Wrong organization, email or password.';
export const SIGN_IN_THROTTLED = 'Too many failed sign-ins. Try again later.';

export interface ThrottleOptions {
  accountFailures: number;
  addressFailures: number;
  lockoutSeconds: number;
}

export interface Accounts {
  /** The account of a password sign-in; a DomainError (UNAUTHENTICATED, or RATE_LIMITED past the throttle) otherwise. */
  signIn(input: { organization: string; email: string; password: string }, address: string): Promise<Account>;
  /** The account behind a token's subject while the user and its tenant are active; null otherwise. */
  find(userId: string): Promise<Account | null>;
}

/**
 * People sign in with their organization (the tenant's slug), email and password. Users are
 * core's (read through the shared tenancy views); passwords are the authorization server's.
 * Failures count per account and per client address (rate-limiter-flexible, in this process).
 */
export function createAccounts(deps: { directory: Directory; users: CoreUserModel; credentials: CredentialStore; throttle: ThrottleOptions }): Accounts {
  const perAccount = new RateLimiterMemory({ keyPrefix: 'account', points: deps.throttle.accountFailures, duration: deps.throttle.lockoutSeconds });
  const perAddress = new RateLimiterMemory({ keyPrefix: 'address', points: deps.throttle.addressFailures, duration: deps.throttle.lockoutSeconds });
  const refused = () => new DomainError('UNAUTHENTICATED', SIGN_IN_REFUSED);

  async function throttled(accountKey: string, address: string): Promise<boolean> {
    const [account, byAddress] = await Promise.all([perAccount.get(accountKey), perAddress.get(address)]);
    return (account?.consumedPoints ?? 0) >= deps.throttle.accountFailures || (byAddress?.consumedPoints ?? 0) >= deps.throttle.addressFailures;
  }

  async function failed(accountKey: string, address: string): Promise<void> {
    // consume() rejects once the points are gone: that is the throttle, counted, not an error here.
    await Promise.allSettled([perAccount.consume(accountKey), perAddress.consume(address)]);
  }

  return {
    async signIn(input, address) {
      const organization = String(input.organization ?? '')
        .trim()
        .toLowerCase();
      const email = String(input.email ?? '')
        .trim()
        .toLowerCase();
      const accountKey = `${organization}:${email}`;
      if (await throttled(accountKey, address)) throw new DomainError('RATE_LIMITED', SIGN_IN_THROTTLED);

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
        await failed(accountKey, address);
        throw refused();
      }
      await perAccount.delete(accountKey);
      return { userId: user._id.toHexString(), tenantId: tenant.id, slug: tenant.slug };
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
