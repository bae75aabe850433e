import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { badInput } from '@attunelogic/shared/errors';
import { systemClock, type Clock } from '@attunelogic/shared';
import { MongoAdapter } from '../oidc/adapter';
import mongoose, { type Collection, type Connection } from 'mongoose';

/**
 * A person's password, kept by the authorization server in its own database (core never sees it).
 * Keyed by core's user id, which is unique across tenants; the tenant is recorded beside it so a
 * token names the tenant the user belongs to, never one the client asks for.
 */
export interface Credential {
  _id: mongoose.Types.ObjectId;
  tenantId: mongoose.Types.ObjectId;
  slug: string;
  passwordHash: string;
  passwordChangedAt: Date;
}

/** A one-time link to set a password (invitation or reset): only its hash is stored. */
interface PasswordToken {
  _id: string;
  userId: mongoose.Types.ObjectId;
  tenantId: mongoose.Types.ObjectId;
  slug: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane); 2 is `Algorithm.Argon2id`, a const enum verbatimModuleSyntax cannot import. */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;
const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

export interface CredentialStore {
  get(userId: string): Promise<Credential | null>;
  /** Checks a password against the user's credential; false for a user without one, in about the same time. */
  check(credential: Credential | null, password: string): Promise<boolean>;
  /** Sets (or changes) the password; a change ends the person's sessions and refresh tokens. */
  setPassword(user: { tenantId: string; slug: string; userId: string }, password: string): Promise<void>;
  /** A one-time token to set the user's password within a day; the caller sends (or, in development, logs) the link. */
  issuePasswordToken(user: { tenantId: string; slug: string; userId: string }): Promise<string>;
  /** Sets the password of the token's user and uses the token up; false for an unknown, used or expired token. */
  redeemPasswordToken(token: string, password: string): Promise<boolean>;
}

export function createCredentialStore(connection: Connection, clock: Clock = systemClock): CredentialStore {
  const credentials: Collection<Credential> = connection.collection<Credential>('credentials');
  const tokens: Collection<PasswordToken> = connection.collection<PasswordToken>('passwordTokens');
  // Verified against when the account has no password, so "no such account" takes as long as "wrong password".
  let decoy: Promise<string> | undefined;

  function validate(password: string): void {
    if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      throw badInput(`A password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`, { field: 'password' });
    }
  }

  const store: CredentialStore = {
    async get(userId) {
      if (!mongoose.isObjectIdOrHexString(userId)) return null;
      return credentials.findOne({ _id: new mongoose.Types.ObjectId(userId) });
    },
    async check(credential, password) {
      if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false;
      if (!credential) {
        decoy ??= hash(randomBytes(16).toString('hex'), ARGON2);
        await verify(await decoy, password);
        return false;
      }
      return verify(credential.passwordHash, password);
    },
    async setPassword(user, password) {
      validate(password);
      const passwordHash = await hash(password, ARGON2);
      const _id = new mongoose.Types.ObjectId(user.userId);
      const { upsertedCount } = await credentials.replaceOne(
        { _id },
        { tenantId: new mongoose.Types.ObjectId(user.tenantId), slug: user.slug, passwordHash, passwordChangedAt: clock.now() },
        { upsert: true },
      );
      // A changed password (a reset after a suspected theft, say) ends every session and refresh token of the person.
      if (upsertedCount === 0) await MongoAdapter.endAccount(connection, user.userId);
    },
    async issuePasswordToken(user) {
      const token = randomBytes(32).toString('base64url');
      await tokens.insertOne({
        _id: digest(token),
        userId: new mongoose.Types.ObjectId(user.userId),
        tenantId: new mongoose.Types.ObjectId(user.tenantId),
        slug: user.slug,
        expiresAt: new Date(clock.now().getTime() + TOKEN_TTL_MS),
        usedAt: null,
      });
      return token;
    },
    async redeemPasswordToken(token, password) {
      validate(password);
      if (typeof token !== 'string' || token.length > 100) return false;
      const now = clock.now();
      // Used up first (one guarded update), so two submissions of one link cannot both set a password.
      const used = await tokens.findOneAndUpdate({ _id: digest(token), usedAt: null, expiresAt: { $gt: now } }, { $set: { usedAt: now } });
      if (!used) return false;
      await store.setPassword({ tenantId: used.tenantId.toHexString(), slug: used.slug, userId: used.userId.toHexString() }, password);
      return true;
    },
  };
  return store;
}
