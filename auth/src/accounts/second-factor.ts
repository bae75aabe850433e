// TOTP (RFC 6238) as an optional second factor of a person's sign-in: enrolment (a secret shown once,
// confirmed with a code), verification at sign-in (a code, or a one-time recovery code), and disabling
// with a current code. The secret is stored encrypted (AES-256-GCM, bound to the person) and never
// returned after enrolment; recovery codes are stored as their SHA-256.
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import mongoose, { type Collection, type Connection } from 'mongoose';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { systemClock, type Clock } from '@attunelogic/shared';

/** What an authenticator app is told: the issuer it shows beside the account. */
export const TOTP_ISSUER = 'AttuneLogic';
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** A code of the previous or next period counts too (clock drift of the phone). */
const WINDOW = 1;
/** An enrolment not confirmed within this time is started again. */
const PENDING_TTL_MS = 15 * 60 * 1000;
export const RECOVERY_CODE_COUNT = 10;
// Recovery codes: 10 characters of an alphabet without look-alikes (~50 bits), shown as xxxxx-xxxxx.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

interface StoredSecondFactor {
  /** Core's user id. */
  _id: mongoose.Types.ObjectId;
  /** The confirmed secret, encrypted; absent while only an enrolment is pending. */
  secret?: string;
  pendingSecret?: string;
  pendingSince?: Date;
  /** The last TOTP period a code was accepted for: a code is used once, and none older than it counts. */
  lastStep: number;
  /** SHA-256 of each unused recovery code. */
  recoveryCodes: string[];
  enabledAt?: Date;
}

export interface SecondFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export interface Enrolment {
  /** The base32 secret, for typing into an app by hand. */
  secret: string;
  /** otpauth://totp/… for the app (the QR code holds the same). */
  uri: string;
  /** The URI as a QR code, an SVG document. */
  qrSvg: string;
}

export interface SecondFactors {
  status(userId: string): Promise<SecondFactorStatus>;
  enabled(userId: string): Promise<boolean>;
  /** Starts (or restarts) an enrolment; null when TOTP is already on (disable it first). */
  begin(user: { userId: string; label: string }): Promise<Enrolment | null>;
  /** Turns TOTP on with a code of the pending secret; the recovery codes, shown once, or null for a wrong code or no enrolment. */
  confirm(userId: string, code: string): Promise<string[] | null>;
  /** Checks a sign-in's code: a TOTP code not used before, or an unused recovery code (used up). */
  verify(userId: string, code: string): Promise<boolean>;
  /** Turns TOTP off with a current code (or a recovery code); false for a wrong one or when it is off. */
  disable(userId: string, code: string): Promise<boolean>;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');
const normaliseRecovery = (code: string): string => code.replace(/[\s-]/g, '').toLowerCase();

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** AES-256-GCM under a key derived from AUTH_TOTP_KEY, with the user's id as associated data (a secret copied to another person does not decrypt). */
function sealer(key: string) {
  const aes = createHash('sha256').update(key).digest();
  return {
    seal(plain: string, userId: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', aes, iv);
      cipher.setAAD(Buffer.from(userId));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed: string, userId: string): string | null {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', aes, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(userId));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

const totpOf = (secret: string, label = 'account') =>
  new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/**
 * An operator's reset (`pnpm auth-password --reset-second-factor`): the person's TOTP and recovery
 * codes are gone, for someone who lost both the phone and the codes; true when there was one.
 */
export async function resetSecondFactor(connection: Connection, userId: string): Promise<boolean> {
  if (!mongoose.isObjectIdOrHexString(userId)) return false;
  const { deletedCount } = await connection.collection('secondFactors').deleteOne({ _id: new mongoose.Types.ObjectId(userId) });
  return deletedCount === 1;
}

export function createSecondFactors(connection: Connection, options: { key: string; clock?: Clock }): SecondFactors {
  const collection: Collection<StoredSecondFactor> = connection.collection<StoredSecondFactor>('secondFactors');
  const clock = options.clock ?? systemClock;
  const box = sealer(options.key);
  const idOf = (userId: string) => (mongoose.isObjectIdOrHexString(userId) ? new mongoose.Types.ObjectId(userId) : null);

  /** The period a code of `secret` matches now (within the window), or null. */
  function matchingStep(secret: string, code: string): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const timestamp = clock.now().getTime();
    const delta = totpOf(secret).validate({ token: code, timestamp, window: WINDOW });
    return delta === null ? null : Math.floor(timestamp / 1000 / PERIOD_SECONDS) + delta;
  }

  /** A TOTP code of the confirmed secret, accepted once: the guarded update moves lastStep past it. */
  async function useTotp(stored: StoredSecondFactor, userId: string, code: string): Promise<boolean> {
    const secret = stored.secret ? box.open(stored.secret, userId) : null;
    const step = secret ? matchingStep(secret, code) : null;
    if (step === null) return false;
    const { modifiedCount } = await collection.updateOne({ _id: stored._id, secret: stored.secret!, lastStep: { $lt: step } }, { $set: { lastStep: step } });
    return modifiedCount === 1;
  }

  /** A recovery code, used up by one guarded update (two submissions cannot both use it). */
  async function useRecoveryCode(stored: StoredSecondFactor, code: string): Promise<boolean> {
    const normalised = normaliseRecovery(code);
    if (normalised.length !== 10) return false;
    const hashed = sha256(normalised);
    const known = stored.recoveryCodes.some((candidate) => candidate.length === hashed.length && timingSafeEqual(Buffer.from(candidate), Buffer.from(hashed)));
    if (!known) return false;
    const { modifiedCount } = await collection.updateOne({ _id: stored._id, recoveryCodes: hashed }, { $pull: { recoveryCodes: hashed } });
    return modifiedCount === 1;
  }

  async function confirmed(userId: string): Promise<StoredSecondFactor | null> {
    const _id = idOf(userId);
    if (!_id) return null;
    return collection.findOne({ _id, secret: { $exists: true } });
  }

  const factors: SecondFactors = {
    async status(userId) {
      const stored = await confirmed(userId);
      return { enabled: Boolean(stored), recoveryCodesLeft: stored?.recoveryCodes.length ?? 0 };
    },
    async enabled(userId) {
      return Boolean(await confirmed(userId));
    },
    async begin({ userId, label }) {
      const _id = idOf(userId);
      if (!_id || (await confirmed(userId))) return null;
      const secret = new Secret({ size: 20 }).base32;
      await collection.updateOne(
        { _id, secret: { $exists: false } },
        { $set: { pendingSecret: box.seal(secret, userId), pendingSince: clock.now() }, $setOnInsert: { lastStep: 0, recoveryCodes: [] } },
        { upsert: true },
      );
      const uri = totpOf(secret, label).toString();
      return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 2 }) };
    },
    async confirm(userId, code) {
      const _id = idOf(userId);
      if (!_id) return null;
      const stored = await collection.findOne({ _id, secret: { $exists: false }, pendingSince: { $gt: new Date(clock.now().getTime() - PENDING_TTL_MS) } });
      const secret = stored?.pendingSecret ? box.open(stored.pendingSecret, userId) : null;
      const step = secret ? matchingStep(secret, String(code ?? '')) : null;
      if (!stored || step === null) return null;
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      // Guarded on the pending secret that was checked: a second confirmation (or a restarted enrolment) does not also succeed.
      const { modifiedCount } = await collection.updateOne(
        { _id, secret: { $exists: false }, pendingSecret: stored.pendingSecret! },
        {
          $set: { secret: stored.pendingSecret!, lastStep: step, recoveryCodes: codes.map((c) => sha256(normaliseRecovery(c))), enabledAt: clock.now() },
          $unset: { pendingSecret: '', pendingSince: '' },
        },
      );
      return modifiedCount === 1 ? codes : null;
    },
    async verify(userId, code) {
      const stored = await confirmed(userId);
      if (!stored || typeof code !== 'string' || code.length > 20) return false;
      const trimmed = code.trim();
      return /^\d{6}$/.test(trimmed) ? useTotp(stored, userId, trimmed) : useRecoveryCode(stored, trimmed);
    },
    async disable(userId, code) {
      const stored = await confirmed(userId);
      if (!stored || !(await factors.verify(userId, code))) return false;
      const { deletedCount } = await collection.deleteOne({ _id: stored._id, secret: stored.secret! });
      return deletedCount === 1;
    },
  };
  return factors;
}
