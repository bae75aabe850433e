// Requests to the gateway as an attacker sends them: GraphQL over HTTP, raw bodies, and raw bytes on a
// socket for what fetch refuses to send (CR, LF, NUL in headers). Every status is noted so the summary
// can count 5xx responses.
import { connect } from 'node:net';
import { GRAPHQL_PATH } from '@attunelogic/gateway';
import { post, type GraphQLResponse, type Stack } from '@attunelogic/e2e-tests/stack';
import { record, type Category } from './summary';

export type { GraphQLResponse };

export interface Timed<T> {
  readonly result: T;
  readonly ms: number;
}

const note = (category: Category, status: number): void => {
  if (status >= 500) record(category, { fiveXX: 1 });
};

/** POSTs an operation through the gateway (stack.ts's `post`) and notes the status. */
export async function gql<T = Record<string, unknown>>(stack: Stack, category: Category, request: Parameters<typeof post>[1]): Promise<GraphQLResponse<T>> {
  const res = await post<T>(stack, request);
  note(category, res.status);
  return res;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** POSTs a body exactly as given (e.g. JSON with `__proto__` keys, which JSON.stringify cannot write). */
export async function rawPost(stack: Stack, category: Category, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(`${stack.url}${GRAPHQL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const result = { status: res.status, headers: res.headers, text: await res.text() };
  note(category, result.status);
  return result;
}

export interface SocketResponse {
  readonly status: number;
  readonly text: string;
}

/**
 * Sends a request as raw bytes on a socket and reads the answer until the server closes the
 * connection: for header values fetch refuses to send.
 */
export async function rawHttp(stack: Stack, category: Category, head: Buffer, body: string): Promise<SocketResponse> {
  const { hostname, port } = new URL(stack.url);
  const payload = Buffer.concat([head, Buffer.from(`content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)]);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server that refuses a request it will not read (431) answers, then resets the connection while
    // the rest is still arriving: the answer counts, the reset after it is not an error.
    socket.on('error', (error) => (chunks.length > 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(error)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(payload);
  });
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  note(category, status);
  return { status, text: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

/** The head of a POST to the GraphQL path, up to (not including) the content length. */
export const requestHead = (headerLines: (string | Buffer)[]): Buffer =>
  Buffer.concat([
    Buffer.from(`POST ${GRAPHQL_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n`),
    ...headerLines.map((line) => Buffer.concat([typeof line === 'string' ? Buffer.from(line, 'latin1') : line, Buffer.from('\r\n')])),
  ]);

/** Runs `task` and measures its wall time. */
export async function timed<T>(task: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const result = await task();
  return { result, ms: performance.now() - started };
}

/** The `extensions.code` of every error of a response, in order. */
export const errorCodes = (res: GraphQLResponse<unknown>): string[] => (res.body.errors ?? []).map((e) => String(e.extensions?.['code'] ?? 'NO_CODE'));
