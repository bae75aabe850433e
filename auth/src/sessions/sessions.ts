// "My sessions": a person lists the sign-in sessions the server holds for them (one per browser),
// and ends one or all of them. A session is named by its `uid`, never its id (the id is the value of
// the browser's session cookie). Ending a session ends its grants and their refresh tokens.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { type Connection } from 'mongoose';
import { errorBody, sendJson, systemClock, type Clock } from '@attunelogic/shared';
import { type Accounts } from '../accounts/accounts';
import { COLLECTION, MongoAdapter } from '../oidc/adapter';
import { SIGNING_ALG, type SigningKey } from '../keys/keys';

export interface SessionView {
  /** The session's uid: what revoking names. */
  id: string;
  userAgent: string;
  createdAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** The session the presenting token was issued in. */
  current: boolean;
}

interface StoredSession {
  _id: string;
  uid?: string;
  grantIds?: string[];
  createdAt?: Date;
  lastUsedAt?: Date;
  expiresAt?: Date;
  userAgent?: string;
  payload: { accountId?: string };
}

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);

export interface SessionStore {
  list(accountId: string, currentGrantId?: string): Promise<SessionView[]>;
  /** Ends one session of the account (and its grants and refresh tokens); false when the account has none by that id. */
  revoke(accountId: string, uid: string): Promise<boolean>;
  /** Ends every session, grant and refresh token of the account; how many artefacts went. */
  revokeAll(accountId: string): Promise<number>;
}

export function createSessionStore(connection: Connection, clock: Clock = systemClock): SessionStore {
  const collection = connection.collection<StoredSession>(COLLECTION);
  return {
    async list(accountId, currentGrantId) {
      const sessions = await collection.find({ model: 'Session', 'payload.accountId': accountId, expiresAt: { $gt: clock.now() } }).toArray();
      return sessions
        .filter((s) => s.uid)
        .map((s) => ({
          id: s.uid!,
          userAgent: s.userAgent ?? '',
          createdAt: iso(s.createdAt),
          lastUsedAt: iso(s.lastUsedAt ?? s.createdAt),
          expiresAt: iso(s.expiresAt),
          current: Boolean(currentGrantId && s.grantIds?.includes(currentGrantId)),
        }))
        .sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''));
    },
    async revoke(accountId, uid) {
      // The account is part of the filter: another person's session is as missing as none.
      const session = await collection.findOneAndDelete({ model: 'Session', uid, 'payload.accountId': accountId });
      if (!session) return false;
      const grantIds = session.grantIds ?? [];
      if (grantIds.length > 0) {
        await collection.deleteMany({ model: { $ne: 'Session' }, grantId: { $in: grantIds } });
        await collection.deleteMany({ model: 'Grant', _id: { $in: grantIds.map((id) => `Grant:${id}`) } });
      }
      return true;
    },
    revokeAll: (accountId) => MongoAdapter.endAccount(connection, accountId),
  };
}

/** The person behind a request's access token (`Authorization: Bearer`) of this server, or null: API clients, ID tokens and foreign tokens are not people. */
export type PersonOf = (req: IncomingMessage) => Promise<{ accountId: string; tenantId: string; grantId?: string } | null>;

export function createPersonOf(options: { issuer: string; audience: string; signingKeys: SigningKey[]; accounts: Accounts }): PersonOf {
  const publicKeys = options.signingKeys.map(({ d: _private, ...key }) => key as JWK);
  const jwks = createLocalJWKSet({ keys: publicKeys });
  return async function person(req) {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: options.issuer, audience: options.audience, algorithms: [SIGNING_ALG], typ: 'at+jwt' });
      if (typeof payload.sub !== 'string' || payload.sub === payload['client_id']) return null;
      const account = await options.accounts.find(payload.sub);
      if (!account || account.slug !== payload['tenant']) return null;
      const grantId = payload['gid'];
      return { accountId: account.userId, tenantId: account.tenantId, ...(typeof grantId === 'string' ? { grantId } : {}) };
    } catch {
      return null;
    }
  };
}

/** The answer to a request without a person's access token. */
export const sendUnauthenticated = (res: ServerResponse): void =>
  sendJson(res, 401, errorBody('UNAUTHENTICATED', 'Authentication required: a valid bearer token of a person is needed.'), { 'www-authenticate': 'Bearer' });

/**
 * The HTTP side, under the issuer's path: `GET /sessions`, `DELETE /sessions/<id>`, `DELETE /sessions`,
 * authenticated by an access token of this server (`Authorization: Bearer`) of an active person.
 */
export function createSessionRoutes(options: { person: PersonOf; sessions: SessionStore }) {
  const { person } = options;

  return async function handle(req: IncomingMessage, res: ServerResponse, id: string | undefined): Promise<void> {
    const who = await person(req);
    if (!who) return sendUnauthenticated(res);
    if (req.method === 'GET' && !id) return sendJson(res, 200, { sessions: await options.sessions.list(who.accountId, who.grantId) }, { 'cache-control': 'no-store' });
    if (req.method === 'DELETE' && id) {
      if (!(await options.sessions.revoke(who.accountId, id))) return sendJson(res, 404, errorBody('NOT_FOUND', 'No such session.'));
      return sendJson(res, 200, { revoked: 1 });
    }
    if (req.method === 'DELETE') {
      await options.sessions.revokeAll(who.accountId);
      return sendJson(res, 200, { revoked: 'all' });
    }
    return sendJson(res, 405, errorBody('BAD_USER_INPUT', 'Method not allowed.'));
  };
}
