import { type ErrorCode } from './codes';

/**
 * An expected failure of the domain, with a code from the registry. Services throw these; the
 * subgraph's error mapper turns them into GraphQL errors. Anything else is masked.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** `NOT_FOUND` for a type and id; the same for "missing" and "another tenant's". */
export const notFound = (type: string, id?: string): DomainError => new DomainError('NOT_FOUND', id ? `${type} ${id} was not found.` : `${type} was not found.`);

export const badInput = (message: string, details?: Record<string, unknown>): DomainError => new DomainError('BAD_USER_INPUT', message, details);

export const conflict = (message: string, details?: Record<string, unknown>): DomainError => new DomainError('CONFLICT', message, details);

export const forbidden = (message = 'You do not have permission for this operation.'): DomainError => new DomainError('FORBIDDEN', message);

export const featureDisabled = (feature: string): DomainError =>
  new DomainError('FEATURE_DISABLED', `The feature "${feature}" is not enabled for this tenant.`, { feature });
