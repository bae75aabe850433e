import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import {
  DEADLINE_HEADER,
  INTERNAL_CONTEXT_HEADER,
  PayloadTooLargeError,
  SLUG_PATTERN,
  readBodyBytes,
  requestLogger,
  signInternalContext,
  type AppType,
  type InternalContextKey,
  type Logger,
} from '@attunelogic/shared';
import { type Directory, type TenantRecord } from '@attunelogic/shared/tenancy';
import { refusal, refusals, sendRefusal } from '../http/refusals';
import { type RequestIds } from '../http/router';
import { type Budgets, type RateLimiter } from '../rate-limit';
import { type Authenticator } from './authenticate';

/** Uploads (POST) and signed downloads (GET `<path>/<tenant slug>/<document id>`). */
export const DOCUMENTS_PATH = '/api/v1/documents';

// The content types a browser may send cross-site without a preflight: a form could post them, so
// an upload in any of them is refused. With them gone, and the token in the Authorization header
// (never a cookie), no other site can make a browser upload on a user's behalf.
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
const DOWNLOAD = /^\/api\/v1\/documents\/([^/]{1,63})\/([a-f0-9]{24})$/;
/** An owner's archive of the whole tenant (core's `exportTenantData`): kept and served by core, with the same signed links. */
const EXPORT_DOWNLOAD = /^\/api\/v1\/documents\/([^/]{1,63})\/exports\/([a-f0-9]{24})$/;
/** What of a subgraph's download answer reaches the client. */
const DOWNLOAD_HEADERS = ['content-type', 'content-length', 'content-disposition', 'x-content-type-options', 'content-security-policy', 'cache-control', 'etag'];

/** The subgraph that keeps an industry's documents. */
const OWNER: Record<AppType, 'trucking' | 'service'> = { trucking: 'trucking', serviceRepair: 'service' };

export interface DocumentsPipeline {
  authenticate: Authenticator;
  limiter: RateLimiter;
  budgetsFor(tenant: TenantRecord): Budgets;
  addressFailures: number;
  directory: Directory;
  key: InternalContextKey;
  /** The GraphQL URL of each industry subgraph (and core's, for tenant archives); its `uploads` and `documents/…` routes are beside it. */
  subgraphUrls: Record<'core' | 'trucking' | 'service', string>;
  maxBytes: number;
  timeoutMs: number;
  logger: Logger;
}

const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * The documents routes of the gateway. An upload is authenticated, tenant-resolved and budgeted
 * exactly as a GraphQL request, then forwarded with a signed internal context to the subgraph of
 * the tenant's industry, which checks and stores it (`shared/src/documents`): the bytes go where
 * the records are, and the gateway holds no storage. A download link is its own credential: the
 * gateway maps the tenant's slug to its id and forwards; the subgraph checks the signature.
 */
export function createDocumentsHandler(p: DocumentsPipeline) {
  async function upload(req: IncomingMessage, res: ServerResponse, ids: RequestIds): Promise<void> {
    const { requestId } = ids;
    if (req.method !== 'POST') return sendRefusal(res, refusal('BAD_USER_INPUT', 'Use POST.', { status: 405, headers: { allow: 'POST' } }));
    const type = mediaType(req.headers['content-type']);
    if (type === '' || SIMPLE_TYPES.has(type)) {
      return sendRefusal(
        res,
        refusal('BAD_USER_INPUT', 'Send the file itself as the body, with Content-Type application/octet-stream (or its own type); forms and text are refused.', {
          status: 415,
        }),
      );
    }
    if (Number(req.headers['content-length'] ?? 0) > p.maxBytes) return sendRefusal(res, refusals.bodyTooLarge());

    const address = req.socket.remoteAddress ?? 'unknown';
    const allowed = await p.limiter.address(address, p.addressFailures);
    if (!allowed.ok) return sendRefusal(res, refusals.rateLimited(allowed.retryAfterSeconds));
    const auth = await p.authenticate(req, ids);
    if (!auth.ok) {
      if (auth.refusal.code !== 'SERVICE_UNAVAILABLE') await p.limiter.addressFailed(address);
      p.logger.info({ requestId, code: auth.refusal.code, reason: auth.reason }, 'upload refused');
      return sendRefusal(res, auth.refusal);
    }
    const { tenant, record } = auth.value;
    const verdict = await p.limiter.request(tenant.tenantId, tenant.userId, p.budgetsFor(record));
    if (!verdict.ok) return sendRefusal(res, refusals.rateLimited(verdict.retryAfterSeconds));
    // An upload is a write: a past-due tenant is read-only, as for mutations.
    if (record.paymentStatus === 'past_due')
      return sendRefusal(res, refusal('PAYMENT_REQUIRED', 'The tenant is past due: the API is read-only until payment is settled.'));
    if (record.writesHeld) return sendRefusal(res, refusals.tenantMoving());

    let bytes: Buffer;
    try {
      bytes = await readBodyBytes(req, p.maxBytes);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return sendRefusal(res, refusals.bodyTooLarge());
      throw error;
    }
    const owner = OWNER[tenant.appType];
    const log = requestLogger(p.logger, tenant);
    let answer: Response;
    try {
      answer = await fetch(new URL('uploads', p.subgraphUrls[owner]), {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          [INTERNAL_CONTEXT_HEADER]: await signInternalContext(p.key, owner, tenant),
          [DEADLINE_HEADER]: String(Math.max(100, p.timeoutMs - 1_000)),
        },
        // A view of its own ArrayBuffer: what fetch's body type takes under both the Node and the DOM typings.
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(p.timeoutMs),
      });
    } catch (error) {
      log.warn({ err: error, subgraph: owner }, 'upload: subgraph unavailable');
      return sendRefusal(res, refusal('SERVICE_UNAVAILABLE', `The ${owner} service is unavailable; try again shortly.`, { extensions: { service: owner } }));
    }
    const body = await answer.text();
    log.info({ status: answer.status, size: bytes.length }, 'upload completed');
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  async function download(req: IncomingMessage, res: ServerResponse, slug: string, documentId: string, params: URLSearchParams, archive: boolean): Promise<void> {
    if (req.method !== 'GET') return sendRefusal(res, refusal('BAD_USER_INPUT', 'Use GET.', { status: 405, headers: { allow: 'GET' } }));
    if (!SLUG_PATTERN.test(slug)) return sendRefusal(res, refusals.notFound());
    const tenant = await p.directory.tenantBySlug(slug);
    if (!tenant || !tenant.active || tenant.paymentStatus === 'canceled') return sendRefusal(res, refusals.notFound());
    const owner = archive ? 'core' : OWNER[tenant.appType];
    let answer: Response;
    try {
      // Only the link's own parameters travel on.
      const search = new URLSearchParams({ expires: params.get('expires') ?? '', signature: params.get('signature') ?? '' });
      answer = await fetch(new URL(`documents/${tenant.id}/${documentId}?${search}`, p.subgraphUrls[owner]), { signal: AbortSignal.timeout(p.timeoutMs) });
    } catch (error) {
      p.logger.warn({ err: error, subgraph: owner }, 'download: subgraph unavailable');
      return sendRefusal(res, refusal('SERVICE_UNAVAILABLE', `The ${owner} service is unavailable; try again shortly.`, { extensions: { service: owner } }));
    }
    const headers: Record<string, string> = {};
    for (const name of DOWNLOAD_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    res.writeHead(answer.status, headers);
    if (!answer.body) return void res.end();
    await pipeline(Readable.fromWeb(answer.body as never), res);
  }

  return async function handleDocuments(req: IncomingMessage, res: ServerResponse, ids: RequestIds): Promise<void> {
    const [path = '', query] = (req.url ?? '').split('?', 2);
    if (path === DOCUMENTS_PATH) return upload(req, res, ids);
    const archive = EXPORT_DOWNLOAD.exec(path);
    const match = archive ?? DOWNLOAD.exec(path);
    if (!match) return sendRefusal(res, refusals.notFound());
    return download(req, res, match[1]!, match[2]!, new URLSearchParams(query ?? ''), archive !== null);
  };
}
