import { createHash } from 'node:crypto';
import path from 'node:path';
import mongoose from 'mongoose';
import { badInput, DomainError } from '../errors/domain-error';
import { repoRoot } from '../mongo/embedded';
import { type TenantContext } from '../tenant';
import { type DocumentsConfig } from './config';
import { DOCUMENT_CONTENT_TYPES, sniffContentType, type DocumentContentType } from './content';
import { signDocumentLink } from './links';
import { localStorage, s3Storage, storageKey, type DocumentStorage, type StoredMeta } from './storage';

/** Where the gateway serves download links: `<path>/<tenant slug>/<document id>?expires=…&signature=…`. */
export const DOCUMENT_LINK_PATH = '/api/v1/documents';

/** A subgraph's documents: storage, limits and the link key, built once from its configuration. */
export interface Documents {
  readonly storage: DocumentStorage;
  readonly maxBytes: number;
  readonly linkSecret: string;
  readonly linkTtlSeconds: number;
}

/** What an upload stored, before a record names it: its id is what `attachDocument`-like mutations take. */
export interface Upload extends StoredMeta {
  readonly id: string;
}

/**
 * The documents of a subgraph from its configuration, or null when DOCUMENT_LINK_SECRET is unset
 * (documents off). A relative DOCUMENT_STORAGE_DIR is under the repository root (`.data/documents`),
 * wherever the process was started.
 */
export function createDocuments(config: DocumentsConfig, root = repoRoot()): Documents | null {
  if (!config.DOCUMENT_LINK_SECRET) return null;
  return {
    storage: createDocumentStorage(config, root),
    maxBytes: config.DOCUMENT_MAX_BYTES,
    linkSecret: config.DOCUMENT_LINK_SECRET,
    linkTtlSeconds: config.DOCUMENT_LINK_TTL_SECONDS,
  };
}

/** The storage the configuration names, links or not (the tenant's export and erasure reach files stored before documents were switched off). */
export function createDocumentStorage(config: DocumentsConfig, root = repoRoot()): DocumentStorage {
  if (config.DOCUMENT_STORAGE === 's3') {
    if (!config.DOCUMENT_S3_BUCKET) throw new Error('DOCUMENT_S3_BUCKET is required with DOCUMENT_STORAGE=s3');
    return s3Storage({
      bucket: config.DOCUMENT_S3_BUCKET,
      region: config.DOCUMENT_S3_REGION,
      forcePathStyle: config.DOCUMENT_S3_FORCE_PATH_STYLE === 'true',
      prefix: config.DOCUMENT_S3_PREFIX,
      ...(config.DOCUMENT_S3_ENDPOINT ? { endpoint: config.DOCUMENT_S3_ENDPOINT } : {}),
    });
  }
  return localStorage(path.resolve(root, config.DOCUMENT_STORAGE_DIR));
}

/** The documents of a request's subgraph, or SERVICE_UNAVAILABLE when they are switched off. */
export function requireDocuments(documents: Documents | undefined | null): Documents {
  if (!documents) throw new DomainError('SERVICE_UNAVAILABLE', 'Documents are not configured on this server (DOCUMENT_LINK_SECRET).');
  return documents;
}

/**
 * Checks and stores one upload of `tenant`: the size against the limit, the type from the bytes
 * (PDF, JPEG, PNG, WebP; anything else, SVG and HTML included, is BAD_USER_INPUT), under a new
 * id in the tenant's prefix, marked as `owner`'s (the subgraph whose sweep may remove it unattached).
 * Nothing is stored when a check fails.
 */
export async function storeUpload(documents: Documents, tenant: Pick<TenantContext, 'tenantId'>, bytes: Uint8Array, owner?: string): Promise<Upload> {
  if (bytes.length === 0) throw badInput('The upload is empty.');
  if (bytes.length > documents.maxBytes) throw badInput(`The upload is larger than ${documents.maxBytes} bytes.`, { maxBytes: documents.maxBytes });
  const contentType = await sniffContentType(bytes);
  if (!contentType) throw badInput(`The upload is not one of the accepted types (${DOCUMENT_CONTENT_TYPES.join(', ')}), judged by its content.`);
  const id = new mongoose.Types.ObjectId().toHexString();
  const meta: StoredMeta = { contentType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  await documents.storage.put(storageKey(tenant.tenantId, id), bytes, { ...meta, ...(owner ? { owner } : {}) });
  return { id, ...meta };
}

/** The stored upload `uploadId` of `tenant`, or null (malformed, missing, or another tenant's: they look the same). */
export async function findUpload(documents: Documents, tenant: Pick<TenantContext, 'tenantId'>, uploadId: string): Promise<Upload | null> {
  if (!mongoose.Types.ObjectId.isValid(uploadId) || !/^[a-f0-9]{24}$/.test(uploadId)) return null;
  const meta = await documents.storage.head(storageKey(tenant.tenantId, uploadId));
  return meta ? { id: uploadId, ...meta } : null;
}

/** A short-lived download link of one of `tenant`'s documents, relative to the API's origin. */
export function documentLink(documents: Documents, tenant: Pick<TenantContext, 'tenantId' | 'slug'>, documentId: string, now: Date): { url: string; expiresAt: Date } {
  const expires = Math.floor(now.getTime() / 1000) + documents.linkTtlSeconds;
  const signature = signDocumentLink(documents.linkSecret, { tenantId: tenant.tenantId, documentId, expires });
  return {
    url: `${DOCUMENT_LINK_PATH}/${encodeURIComponent(tenant.slug)}/${documentId}?expires=${expires}&signature=${signature}`,
    expiresAt: new Date(expires * 1000),
  };
}

export type { DocumentContentType };
