import { ApiRequestError, createClient } from '@attunelogic/schema/client';

/** A signed-in user's credentials: a pasted token (development) and, optionally, a tenant slug. */
export interface Credentials {
  token: string;
  tenant?: string;
}

/** What the typed client sends: a fixed token, or the current one of a password session. */
export type TokenSource = string | (() => string | undefined);

export type Client = ReturnType<typeof createClient>;

const STORAGE_KEY = 'attunelogic.credentials';

/** The typed client for these credentials, calling the gateway through the SPA's own origin. */
export function clientFor(credentials: { token: TokenSource; tenant?: string }): Client {
  return createClient({
    url: new URL(__API_PATH__, window.location.origin).toString(),
    token: credentials.token,
    // The SPA's client is set to registered operations only: it sends each operation's manifest id.
    registered: true,
    ...(credentials.tenant ? { tenant: credentials.tenant } : {}),
  });
}

// A pasted token, in sessionStorage: it lives as long as the tab, never longer; it is only ever sent to our origin.
export function loadCredentials(): Credentials | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Credentials>;
    return typeof parsed.token === 'string' ? { token: parsed.token, ...(parsed.tenant ? { tenant: parsed.tenant } : {}) } : null;
  } catch {
    return null;
  }
}

export function saveCredentials(credentials: Credentials | null): void {
  if (credentials) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** One line for a person: the contract's code and the API's message. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  if (error instanceof Error) return `Could not reach the API: ${error.message}`;
  return String(error);
}

/** The contract's code of an API error, if it is one. */
export const errorCode = (error: unknown): string | undefined => (error instanceof ApiRequestError ? error.code : undefined);

/** Where the gateway takes uploads: beside the GraphQL path (`/api/v1/documents`). */
const documentsPath = (): string => __API_PATH__.replace(/\/graphql$/, '/documents');

/**
 * Uploads a file to the gateway's documents endpoint with the tab's token (an Authorization header,
 * the file's own type: never a form), and answers the upload's id for attachDocument.
 */
/** How the signed-in tab calls the API: its current token (a pasted one, or a password session's) and tenant. */
export interface Auth {
  token: TokenSource;
  tenant?: string;
}

/** The token to send now. */
export const currentToken = (auth: Auth): string | undefined => (typeof auth.token === 'function' ? auth.token() : auth.token);

/** The headers that authenticate a request outside the typed client (uploads, the live stream). */
export function authHeaders(auth: Auth): Record<string, string> {
  const token = currentToken(auth);
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(auth.tenant ? { 'x-tenant': auth.tenant } : {}) };
}

export async function uploadFile(file: Blob, auth: Auth): Promise<{ id: string; contentType: string }> {
  const response = await fetch(new URL(documentsPath(), window.location.origin), {
    method: 'POST',
    headers: { ...authHeaders(auth), 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  const body = (await response.json()) as { upload?: { id: string; contentType: string }; errors?: { message: string; extensions?: { code?: string } }[] };
  if (!response.ok || !body.upload) throw new Error(body.errors?.[0]?.message ?? `upload failed (${response.status})`);
  return body.upload;
}
