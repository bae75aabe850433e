// A person's TOTP, under the issuer's path, with an access token of this server (as "my sessions"):
//   GET    /totp          { enabled, recoveryCodesLeft }
//   POST   /totp          starts enrolment: { secret, uri, qrSvg }, shown this once (CONFLICT when on)
//   POST   /totp/confirm  { code } turns it on: { enabled: true, recoveryCodes } (shown this once)
//   DELETE /totp          { code } (current, or a recovery code) turns it off: { enabled: false }
// Wrong codes count against the sign-in throttle (per person and per address), as passwords do.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import mongoose from 'mongoose';
import { DomainError } from '@attunelogic/shared/errors';
import { errorBody, sendJson } from '@attunelogic/shared';
import { type CoreUserModel } from '@attunelogic/shared/tenancy';
import { SIGN_IN_THROTTLED, type Accounts } from './accounts';
import { type SecondFactors } from './second-factor';
import { clientAddress, readForm, WRONG_CODE } from '../interactions/interactions';
import { sendUnauthenticated, type PersonOf } from '../sessions/sessions';

const NO_STORE = { 'cache-control': 'no-store' };

export function createSecondFactorRoutes(deps: { person: PersonOf; accounts: Accounts; secondFactors: SecondFactors; users: CoreUserModel }) {
  /** The name an authenticator app shows for the account: the person's email. */
  async function label(tenantId: string, userId: string): Promise<string> {
    const user = await deps.users
      .findOne({ _id: new mongoose.Types.ObjectId(userId), parentCompany: new mongoose.Types.ObjectId(tenantId) })
      .select({ email: 1 })
      .lean();
    return String(user?.email ?? userId);
  }

  /** Checks a submitted code with `check`, throttled: a wrong one counts as a failed sign-in of the person. */
  async function withCode(req: IncomingMessage, accountId: string, check: (code: string) => Promise<unknown>): Promise<unknown> {
    const form = await readForm(req);
    const key = `person:${accountId}`;
    const address = clientAddress(req);
    if (await deps.accounts.throttle.isThrottled(key, address)) throw new DomainError('RATE_LIMITED', SIGN_IN_THROTTLED);
    const result = await check(String(form['code'] ?? '').trim());
    if (!result) {
      await deps.accounts.throttle.failed(key, address);
      throw new DomainError('BAD_USER_INPUT', WRONG_CODE, { field: 'code' });
    }
    await deps.accounts.throttle.succeeded(key);
    return result;
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, action: string | undefined): Promise<void> {
    const who = await deps.person(req);
    if (!who) return sendUnauthenticated(res);
    try {
      if (!action && req.method === 'GET') return sendJson(res, 200, await deps.secondFactors.status(who.accountId), NO_STORE);
      if (!action && req.method === 'POST') {
        const enrolment = await deps.secondFactors.begin({ userId: who.accountId, label: await label(who.tenantId, who.accountId) });
        if (!enrolment) return sendJson(res, 409, errorBody('CONFLICT', 'TOTP is already on. Turn it off first to enrol another device.'));
        return sendJson(res, 200, enrolment, NO_STORE);
      }
      if (action === 'confirm' && req.method === 'POST') {
        const recoveryCodes = await withCode(req, who.accountId, (code) => deps.secondFactors.confirm(who.accountId, code));
        return sendJson(res, 200, { enabled: true, recoveryCodes }, NO_STORE);
      }
      if (!action && req.method === 'DELETE') {
        await withCode(req, who.accountId, (code) => deps.secondFactors.disable(who.accountId, code));
        return sendJson(res, 200, { enabled: false });
      }
      return sendJson(res, 405, errorBody('BAD_USER_INPUT', 'Method not allowed.'));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendJson(res, error.code === 'RATE_LIMITED' ? 429 : 400, errorBody(error.code, error.message));
    }
  };
}
