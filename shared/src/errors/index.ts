// Errors: the registry of codes (with their HTTP status and documentation), DomainError and its
// constructors, and the mapper that turns them into GraphQL errors (masking anything else).
// Imported as `@attunelogic/shared/errors`.
export * from './codes';
export * from './domain-error';
export * from './mapper';
