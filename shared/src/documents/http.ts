import { type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../errors/domain-error';
import { httpStatusOf } from '../errors/mapper';
import { errorBody, PayloadTooLargeError, readBodyBytes, sendJson } from '../http';
import { type Logger } from '../logger';
import { type TenantContext } from '../tenant';
import { storeUpload, type Documents } from './documents';
import { verifyDocumentLink } from './links';

/** What a subgraph that keeps documents gives its server: the documents and the two decisions only it can make. */
export interface DocumentRoutes {
  readonly documents: Documents;
  /** The subgraph the uploads are stored for: only its sweep removes them when they stay unattached. */
  readonly owner: string;
  /** Throws a DomainError (FEATURE_DISABLED, FORBIDDEN) unless the tenant's user may upload. */
  authorizeUpload(tenant: TenantContext): void;
  /** The storage key and name of one of the tenant's documents in use (not retired), or null. */
  find(tenantId: string, documentId: string): Promise<{ storageKey: string; name: string } | null>;
}

const ID = /^[a-f0-9]{24}$/;
/** The subgraph's download path: `/documents/<tenantId>/<documentId>` (the gateway maps the slug to the id). */
export const DOWNLOAD_PATH = /^\/documents\/([a-f0-9]{24})\/([a-f0-9]{24})$/;
export const UPLOAD_PATH = '/uploads';

const sendError = (res: ServerResponse, error: DomainError, status = httpStatusOf(error.code)) =>
  sendJson(res, status === 200 ? 400 : status, { errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });

/**
 * `POST /uploads` of a subgraph, behind a verified internal context: the raw body is the file.
 * Answers 201 `{ upload: { id, contentType, size, sha256 } }`; the id is then attached to a record
 * through GraphQL. The gateway has already refused simple content types and oversized bodies.
 */
export async function handleUpload(routes: DocumentRoutes, req: IncomingMessage, res: ServerResponse, tenant: TenantContext, log: Logger): Promise<void> {
  try {
    routes.authorizeUpload(tenant);
    let bytes: Buffer;
    try {
      bytes = await readBodyBytes(req, routes.documents.maxBytes);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return sendJson(res, 413, errorBody('BAD_USER_INPUT', `The upload is larger than ${routes.documents.maxBytes} bytes.`));
      throw error;
    }
    const upload = await storeUpload(routes.documents, tenant, bytes, routes.owner);
    log.info({ upload: upload.id, contentType: upload.contentType, size: upload.size }, 'upload stored');
    return sendJson(res, 201, { upload });
  } catch (error) {
    if (error instanceof DomainError) return sendError(res, error);
    throw error;
  }
}

/**
 * `GET /documents/<tenantId>/<documentId>?expires=…&signature=…`: the link is the credential (no
 * internal context: a browser opens it). Forged → 403 FORBIDDEN, expired → 410 LINK_EXPIRED, a
 * document retired or gone → 404. The bytes go out with their stored type, never sniffed again
 * by the browser, and in a sandbox should one be opened in place.
 */
export async function handleDownload(routes: DocumentRoutes, req: IncomingMessage, res: ServerResponse, now: Date): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://subgraph');
  const match = DOWNLOAD_PATH.exec(url.pathname);
  const expires = Number(url.searchParams.get('expires'));
  const signature = url.searchParams.get('signature') ?? '';
  if (!match || !Number.isSafeInteger(expires) || signature === '') return sendJson(res, 403, errorBody('FORBIDDEN', 'The link is not valid.'));
  const [, tenantId = '', documentId = ''] = match;
  if (!ID.test(tenantId) || !ID.test(documentId)) return sendJson(res, 403, errorBody('FORBIDDEN', 'The link is not valid.'));
  const verdict = verifyDocumentLink(routes.documents.linkSecret, { tenantId, documentId, expires }, signature, now);
  if (verdict === 'forged') return sendJson(res, 403, errorBody('FORBIDDEN', 'The link is not valid.'));
  if (verdict === 'expired') return sendJson(res, 410, errorBody('LINK_EXPIRED', 'The link has expired; ask for a new one.'));
  const found = await routes.find(tenantId, documentId);
  const object = found ? await routes.documents.storage.read(found.storageKey) : null;
  if (!found || !object) return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found.'));
  res.writeHead(200, {
    'content-type': object.meta.contentType,
    'content-length': String(object.meta.size),
    'content-disposition': `inline; filename="${documentId}.${extensionOf(object.meta.contentType)}"`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
    etag: `"${object.meta.sha256}"`,
  });
  await pipeline(object.body, res);
}

const extensionOf = (type: string): string =>
  ({ 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/gzip': 'tar.gz' })[type] ?? 'bin';
