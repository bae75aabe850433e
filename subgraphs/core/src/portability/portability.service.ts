import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { requirePermission } from '@attunelogic/shared';
import { DomainError } from '@attunelogic/shared/errors';
import { DOCUMENT_LINK_PATH, requireDocuments, signDocumentLink, storageKey, type DocumentContentType, type DocumentStorage } from '@attunelogic/shared/documents';
import {
  eraseTenant,
  exportTenant,
  importTenant,
  sweepTable,
  sweepTenant,
  type ErasureReport,
  type ImportReport,
  type Manifest,
  type PortabilityOptions,
  type SweepRow,
} from '@attunelogic/shared/portability';
import { recordOperatorEvent } from '../audit/audit.service';
import { type CoreContext, type CoreModels } from '../models';
import { type TenantExportModel } from './tenant-exports.model';

// The operators' side of a tenant's portability (`pnpm tenant export|import|erase|sweep`): the
// tenant by slug, the work in shared's portability, and the tenant's audit chain told about it.

export interface PortabilityIo {
  /** Where the documents' files are (the subgraphs' DOCUMENT_STORAGE settings). */
  readonly storage: DocumentStorage | null;
  readonly progress?: (message: string) => void;
}

async function tenantIdBySlug(models: CoreModels, slug: string): Promise<string> {
  const tenant = await models.Tenant.findOne({ slug }).select({ _id: 1 }).lean();
  if (!tenant) throw new DomainError('NOT_FOUND', `No tenant ${slug}.`);
  return String(tenant._id);
}

const optionsOf = (models: CoreModels, io: PortabilityIo): PortabilityOptions => ({
  core: models.Tenant.db,
  storage: io.storage,
  ...(io.progress ? { progress: io.progress } : {}),
});

/** Writes the tenant's archive to `out` (through a temporary name: a file at `out` is a whole archive); audited in its chain. */
export async function exportTenantToFile(models: CoreModels, slug: string, out: string, actor: string, io: PortabilityIo): Promise<Manifest> {
  const tenantId = await tenantIdBySlug(models, slug);
  const partial = `${out}.part`;
  try {
    const manifest = await exportTenant(optionsOf(models, io), tenantId, createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, out);
    await recordExport(models, tenantId, actor, manifest);
    return manifest;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

export const recordExport = (models: CoreModels, tenantId: string, actor: string, manifest: Manifest) =>
  recordOperatorEvent(models.audit, tenantId, {
    actor,
    operation: 'exportTenantData',
    targetType: 'Tenant',
    targetId: tenantId,
    before: null,
    after: { documents: manifest.collections.reduce((n, c) => n + c.count, 0), files: manifest.files.length, auditHead: manifest.audit.head?.hash ?? null },
  });

/** Imports an archive into the (empty) tenant `slug`; audited in the target's own chain with the source's anchor. */
export async function importTenantFromFile(models: CoreModels, slug: string, from: string, actor: string, io: PortabilityIo): Promise<ImportReport> {
  const tenantId = await tenantIdBySlug(models, slug);
  const report = await importTenant(optionsOf(models, io), tenantId, from);
  await recordOperatorEvent(models.audit, tenantId, {
    actor,
    operation: 'importTenantData',
    targetType: 'Tenant',
    targetId: tenantId,
    before: null,
    after: {
      from: report.manifest.tenant.slug,
      exportedAt: report.manifest.exportedAt,
      documents: report.collections.reduce((n, c) => n + c.count, 0),
      files: report.files,
      importedAuditHead: report.manifest.audit.head?.hash ?? null,
    },
  });
  return report;
}

/** Erases the (deactivated) tenant `slug`; `confirm` must repeat the slug. */
export async function eraseTenantBySlug(
  models: CoreModels,
  slug: string,
  confirm: string | undefined,
  io: PortabilityIo,
): Promise<{ erasure: ErasureReport; sweep: SweepRow[] }> {
  if (confirm !== slug) throw new DomainError('BAD_USER_INPUT', `Erasure is for ever: repeat the tenant's slug with --confirm ${slug}.`);
  const tenantId = await tenantIdBySlug(models, slug);
  const erasure = await eraseTenant(optionsOf(models, io), tenantId);
  return { erasure, sweep: await sweepTenant(optionsOf(models, io), tenantId) };
}

export async function sweepTenantBySlug(models: CoreModels, slug: string, io: PortabilityIo): Promise<SweepRow[]> {
  return sweepTenant(optionsOf(models, io), await tenantIdBySlug(models, slug));
}

export { sweepTable };

/** How long an archive stays downloadable (each link lives DOCUMENT_LINK_TTL_SECONDS of it). */
export const EXPORT_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface TenantExportView {
  id: string;
  url: string;
  expiresAt: string;
  size: number;
  sha256: string;
  documents: number;
  files: number;
  auditHeadHash: string | null;
}

/**
 * `exportTenantData`: an owner's archive of the whole tenant, built in a temporary file, kept in the
 * tenant's document storage under a new id, and answered as a signed link to the gateway's
 * documents route (`/api/v1/documents/<slug>/exports/<id>`, served by core). Audited by the plugin
 * (target: the export).
 */
export async function exportTenantData(ctx: CoreContext): Promise<TenantExportView> {
  requirePermission(ctx.tenant, 'tenant:write');
  const documents = requireDocuments(ctx.documents);
  const { tenantId } = ctx.tenant;
  const folder = await mkdtemp(path.join(tmpdir(), 'tenant-export-'));
  try {
    const file = path.join(folder, 'archive.tar.gz');
    const manifest = await exportTenant({ core: ctx.models.Tenant.db, storage: documents.storage }, tenantId, createWriteStream(file));
    const bytes = await readFile(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const id = new mongoose.Types.ObjectId();
    await documents.storage.put(storageKey(tenantId, id.toHexString()), bytes, { contentType: 'application/gzip' as DocumentContentType, size: bytes.length, sha256 });
    const now = ctx.clock.now();
    const record = {
      _id: id,
      parentCompany: new mongoose.Types.ObjectId(tenantId),
      createdBy: ctx.tenant.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + EXPORT_RETENTION_MS),
      size: bytes.length,
      sha256,
      documents: manifest.collections.reduce((n, c) => n + c.count, 0),
      files: manifest.files.length,
      auditHeadHash: manifest.audit.head?.hash ?? null,
    };
    await ctx.models.TenantExport.create(record);
    ctx.audit.record('TenantExport', id.toHexString(), null, {
      size: record.size,
      sha256,
      documents: record.documents,
      files: record.files,
      auditHeadHash: record.auditHeadHash,
    });
    const expires = Math.floor(now.getTime() / 1000) + documents.linkTtlSeconds;
    const signature = signDocumentLink(documents.linkSecret, { tenantId, documentId: id.toHexString(), expires });
    return {
      id: id.toHexString(),
      url: `${DOCUMENT_LINK_PATH}/${encodeURIComponent(ctx.tenant.slug)}/exports/${id.toHexString()}?expires=${expires}&signature=${signature}`,
      expiresAt: new Date(expires * 1000).toISOString(),
      size: record.size,
      sha256,
      documents: record.documents,
      files: record.files,
      auditHeadHash: record.auditHeadHash,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** What core's download route needs of an archive: its storage key while kept (the link has proven the tenant). */
export async function storedExport(model: TenantExportModel, tenantId: string, exportId: string, now: Date): Promise<{ storageKey: string; name: string } | null> {
  const record = await model
    .findOne({ _id: new mongoose.Types.ObjectId(exportId), parentCompany: new mongoose.Types.ObjectId(tenantId), expiresAt: mongoose.trusted({ $gt: now }) })
    .lean();
  return record ? { storageKey: storageKey(tenantId, exportId), name: `${exportId}.tar.gz` } : null;
}
