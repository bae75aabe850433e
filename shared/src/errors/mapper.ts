import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ZodError } from 'zod';
import mongoose from 'mongoose';
import { ERROR_CODES, INTERNAL_MESSAGE, isErrorCode, type ErrorCode } from './codes';
import { DomainError } from './domain-error';

const MONGO_DUPLICATE_KEY = 11000;

/** Turns anything thrown inside a resolver into a GraphQLError with a registry code. */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError && isErrorCode(error.extensions['code'])) return error;
  if (error instanceof DomainError) {
    return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
  }
  if (error instanceof ZodError) {
    return new GraphQLError('Invalid input.', {
      extensions: {
        code: 'BAD_USER_INPUT' satisfies ErrorCode,
        issues: error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
      },
    });
  }
  if (error instanceof mongoose.Error.ValidationError || error instanceof mongoose.Error.CastError) {
    // Mongoose messages name fields the client sent, never servers or stacks; still, keep them short.
    return new GraphQLError('Invalid input.', { extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode } });
  }
  if (isDatabaseUnavailable(error)) {
    return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, { extensions: { code: 'SERVICE_UNAVAILABLE' satisfies ErrorCode, service: 'database' } });
  }
  if (isDuplicateKey(error)) {
    return new GraphQLError('An object with the same unique value already exists.', {
      extensions: { code: 'CONFLICT' satisfies ErrorCode },
    });
  }
  return new GraphQLError(INTERNAL_MESSAGE, { extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode } });
}

/** True for a write refused by a unique index, on MongoDB and on the embedded FerretDB. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable; try again shortly.';

const UNAVAILABLE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** The database did not answer (down, unreachable, restarting): the driver reconnects by itself. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof Error && UNAVAILABLE_ERRORS.has(error.name);
}

export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === MONGO_DUPLICATE_KEY) return true;
  // FerretDB 1.x reports 11000 for inserts, but a unique index violated by an update surfaces as
  // InternalError (code 1) carrying the backend's message: SQLite's, or PostgreSQL's unique_violation.
  return code === 1 && typeof message === 'string' && (message.includes('UNIQUE constraint failed') || message.includes('(SQLSTATE 23505)'));
}

/**
 * `formatError` for Apollo Server: known codes pass with their message; everything else is masked.
 * Apollo's own validation codes (GRAPHQL_PARSE_FAILED, BAD_USER_INPUT for variables, ...) are kept.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, onUnexpected?: (e: unknown) => void): GraphQLFormattedError {
  const code = formatted.extensions?.['code'];
  const original = unwrapResolverError(error);
  if (
    original instanceof DomainError ||
    original instanceof ZodError ||
    isDuplicateKey(original) ||
    isDatabaseUnavailable(original) ||
    original instanceof mongoose.Error.ValidationError ||
    original instanceof mongoose.Error.CastError
  ) {
    const mapped = toGraphQLError(original);
    return { message: mapped.message, locations: formatted.locations, path: formatted.path, extensions: { ...mapped.extensions } };
  }
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    const known = isErrorCode(code) ? code : APOLLO_CLIENT_CODES[code];
    if (known) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...publicExtensions(formatted.extensions), code: known } };
    }
  }
  onUnexpected?.(original);
  return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** Extensions that may reach a client: a subgraph's details (field, issues), never internals. */
function publicExtensions(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { stacktrace: _s, exception: _e, serviceName: _n, http: _h, ...rest } = extensions ?? {};
  return rest;
}

/** Codes Apollo Server itself emits for a client's mistake, translated into the contract's codes. */
const APOLLO_CLIENT_CODES: Partial<Record<string, ErrorCode>> = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_SUPPORTED: 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE: 'GRAPHQL_VALIDATION_FAILED',
};

/** The HTTP status of a gateway-level refusal with this code. */
export const httpStatusOf = (code: ErrorCode): number => ERROR_CODES[code].http;
