/**
 * The one registry of error codes (docs/CONTRACT.md). Every error a client can see carries one
 * of these in `extensions.code`; `docs/errors.md` is generated from this table.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: {
    http: 401,
    description: 'No token, or a token that fails verification. One generic message for every cause.',
  },
  FORBIDDEN: {
    http: 403,
    description: 'Unknown tenant, user not in the tenant, X-Tenant/claim mismatch, or a missing permission. An unknown tenant and not-a-member look the same.',
  },
  TENANT_INACTIVE: {
    http: 403,
    description: 'The tenant is deactivated or its subscription is canceled.',
  },
  PAYMENT_REQUIRED: {
    http: 402,
    description: "A mutation while the tenant's payment status is past_due; queries still work.",
  },
  FEATURE_DISABLED: {
    http: 200,
    description: "A feature of the other industry, or a feature switched off in the tenant's configuration.",
  },
  NOT_FOUND: {
    http: 200,
    description: 'The object does not exist or belongs to another tenant (indistinguishable).',
  },
  BAD_USER_INPUT: {
    http: 400,
    description: 'Invalid arguments or variables. Nothing was written.',
  },
  CONFLICT: {
    http: 200,
    description: 'An invalid state transition, a duplicate, or insufficient stock. Nothing was written.',
  },
  ARCHIVE_INVALID: {
    http: 400,
    description:
      "A tenant archive that cannot be imported: no manifest, an unknown format version, or contents whose counts or checksums are not the manifest's (changed or damaged). Nothing was written.",
  },
  TENANT_NOT_EMPTY: {
    http: 200,
    description: 'An import into a tenant that already has data: archives are imported into an empty tenant only. Nothing was written.',
  },
  ID_COLLISION: {
    http: 200,
    description:
      "An import whose records' ids are already present in the target databases (the source tenant still exists there): erase the source first or import into another database. Nothing was written.",
  },
  HOURS_EXCEEDED: {
    http: 200,
    description:
      "A load's planned driving exceeds what the driver has left under hours of service (extensions: plannedDrivingMinutes, drivingMinutesLeft, limitedBy). Nothing was written.",
  },
  LINK_EXPIRED: {
    http: 410,
    description: 'A download link past its expiry; ask the API for a new one (a forged or altered link is FORBIDDEN).',
  },
  RATE_LIMITED: {
    http: 429,
    description: 'The tenant or user exceeded its request budget; Retry-After says when to retry.',
  },
  GRAPHQL_VALIDATION_FAILED: {
    http: 400,
    description: 'Invalid operation, or over the depth, alias, token or cost limits.',
  },
  OPERATION_NOT_REGISTERED: {
    http: 400,
    description:
      'The client may run registered operations only (the SPA, or a partner whose tenant requires it), and sent an operation text or a documentId the gateway does not know. Send the documentId of an operation of the published manifest.',
  },
  DEADLINE_EXCEEDED: {
    http: 200,
    description:
      'A field whose work did not finish within the time a request is given in a subgraph (too many aliases, stops or positions at once), or a large write refused before it started because the time left could not cover it (extensions neededMs and leftMs); the data of the other fields is still returned. Nothing was written by the work it stopped.',
  },
  SERVICE_UNAVAILABLE: {
    http: 503,
    description: 'A part of the API (named in extensions.service) did not answer in time or is down; the data of the other parts is still returned.',
  },
  INTERNAL_SERVER_ERROR: {
    http: 500,
    description: 'Anything unexpected. The message is masked: no stack, no internal URL.',
  },
} as const satisfies Record<string, { http: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);

/** The message clients see for every authentication failure, whatever the cause. */
export const UNAUTHENTICATED_MESSAGE = 'Authentication required: a valid bearer token is needed.';
/** The message for an unknown tenant and for a user who is not a member: deliberately the same. */
export const FORBIDDEN_TENANT_MESSAGE = 'You do not have access to this tenant.';
export const INTERNAL_MESSAGE = 'Internal server error.';
