import { type IncomingMessage } from 'node:http';
import { PayloadTooLargeError, readBody } from '@attunelogic/shared';
import { refusals, type Refusal } from '../http/refusals';

/** No input of the schema nests this deep; deeper JSON would only exhaust the stack downstream. */
export const MAX_VARIABLE_DEPTH = 32;

/** Whether a request body's JSON nests deeper than the limit, counted without recursion. */
export function tooDeep(body: string, limit = MAX_VARIABLE_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The request's body within the limit, or the refusal (405 for a method GraphQL does not take, 413 past the limit). */
export async function readGraphQLBody(req: IncomingMessage, limitBytes: number): Promise<{ ok: true; body: string } | { ok: false; refusal: Refusal }> {
  if (req.method !== 'POST' && req.method !== 'GET') return { ok: false, refusal: refusals.methodNotAllowed() };
  try {
    return { ok: true, body: await readBody(req, limitBytes) };
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return { ok: false, refusal: refusals.bodyTooLarge() };
    throw error;
  }
}
