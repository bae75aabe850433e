import { type ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { sendJson } from '@attunelogic/shared';
import { DATABASE_UNAVAILABLE_MESSAGE, httpStatusOf, type ErrorCode } from '@attunelogic/shared/errors';

/**
 * A request the gateway answers itself, before or instead of the federated operation. The status
 * comes from the error registry (`httpStatusOf`) unless HTTP itself names a more precise one
 * (405, 413), and is written here once for each kind of refusal.
 */
export interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export const refusal = (code: ErrorCode, message: string, extra: Partial<Omit<Refusal, 'code' | 'message'>> = {}): Refusal => ({
  code,
  message,
  status: extra.status ?? httpStatusOf(code),
  ...(extra.headers ? { headers: extra.headers } : {}),
  ...(extra.extensions ? { extensions: extra.extensions } : {}),
});

/** How long a client waits before retrying a write held by a tenant's move (the copy of a small tenant takes seconds). */
export const MOVE_RETRY_AFTER_SECONDS = 5;

export const RATE_LIMITED_MESSAGE = 'Request budget exceeded; retry after the time in Retry-After.';

/** Every refusal of the gateway's own, by name. */
export const refusals = {
  methodNotAllowed: () => refusal('BAD_USER_INPUT', 'Use POST (or GET for queries).', { status: 405, headers: { allow: 'GET, POST' } }),
  bodyTooLarge: () => refusal('BAD_USER_INPUT', 'Request body too large.', { status: 413 }),
  tooDeep: (limit: number) => refusal('BAD_USER_INPUT', `Variables nest deeper than ${limit} levels.`),
  rateLimited: (retryAfterSeconds: number) => refusal('RATE_LIMITED', RATE_LIMITED_MESSAGE, { headers: { 'retry-after': String(retryAfterSeconds) } }),
  databaseUnavailable: () => refusal('SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE, { extensions: { service: 'database' } }),
  notFound: () => refusal('NOT_FOUND', 'Not found.', { status: 404 }),
  tenantMoving: () =>
    refusal('SERVICE_UNAVAILABLE', "The tenant's data is being moved: writes are held; retry after the time in Retry-After.", {
      headers: { 'retry-after': String(MOVE_RETRY_AFTER_SECONDS) },
      extensions: { service: 'placement' },
    }),
  authUnavailable: () => refusal('SERVICE_UNAVAILABLE', 'The authorization server is unavailable; retry shortly.', { extensions: { service: 'auth' } }),
} as const;

/** Writes a refusal as a GraphQL-shaped error response. */
export function sendRefusal(res: ServerResponse, r: Refusal): void {
  sendJson(res, r.status, { errors: [{ message: r.message, extensions: { code: r.code, ...r.extensions } }] }, { ...r.headers });
}

/** The same refusal thrown from inside Apollo Server's request pipeline (a plugin). */
export function refusalError(r: Refusal): GraphQLError {
  return new GraphQLError(r.message, {
    extensions: { code: r.code, ...r.extensions, http: { status: r.status, headers: new HeaderMap(Object.entries(r.headers ?? {})) } },
  });
}
