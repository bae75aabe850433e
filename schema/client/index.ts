import { type TypedDocumentString } from './generated/graphql';

export * from './generated/graphql';
export { graphql } from './generated/gql';

/** One error of a GraphQL response, with the contract's code. */
export interface ApiError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string } & Record<string, unknown>;
}

/** Thrown when the API refuses the request or every requested field failed. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly errors: ApiError[],
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || `HTTP ${status}`);
  }

  /** The code of the first error (e.g. UNAUTHENTICATED, FORBIDDEN, NOT_FOUND). */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface ClientOptions {
  /** e.g. http://127.0.0.1:4000/api/v1/graphql */
  url: string;
  token?: string | (() => string | undefined);
  tenant?: string;
  fetch?: typeof fetch;
  /**
   * Send each operation by its id in the published manifest (`documentId`, `pnpm compose`'s
   * persisted-documents.json) instead of its text: what a client set to registered operations only
   * (the SPA) must do. Off: the text, as any client may.
   */
  registered?: boolean;
}

/** The operation as sent: its manifest id when registered and it has one, else its text. */
function operationOf(document: { __meta__?: Record<string, unknown> | undefined; toString(): string }, registered: boolean): { documentId: string } | { query: string } {
  const hash = document.__meta__?.['hash'];
  return registered && typeof hash === 'string' ? { documentId: hash } : { query: document.toString() };
}

/**
 * A minimal typed client for SPAs: `request(SessionDocument)` returns the typed data of that
 * operation, or throws `ApiRequestError` with the contract's error codes.
 * @example const { me } = await createClient({ url, token }).request(SessionDocument)
 */
export function createClient(options: ClientOptions) {
  const doFetch = options.fetch ?? fetch;
  return {
    async request<TResult, TVariables>(
      document: TypedDocumentString<TResult, TVariables>,
      ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
    ): Promise<TResult> {
      const token = typeof options.token === 'function' ? options.token() : options.token;
      const res = await doFetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.tenant ? { 'x-tenant': options.tenant } : {}),
        },
        body: JSON.stringify({ ...operationOf(document, options.registered === true), variables: variables ?? {} }),
      });
      const body = (await res.json()) as { data?: TResult | null; errors?: ApiError[] };
      if (body.errors?.length || !body.data) throw new ApiRequestError(res.status, body.errors ?? []);
      return body.data;
    },
  };
}
