import { type TenantContext } from '../tenant';
import { type Logger } from '../logger';
import { badInput, notFound } from '../errors/domain-error';
import { findUpload, type Documents, type Upload } from './documents';

const HOUR = 3_600_000;

/** An upload not attached within this long is removed by the sweep. */
export const UNATTACHED_UPLOAD_MAX_AGE_MS = 24 * HOUR;
/**
 * How long after its upload a file may still be attached: an hour less than the sweep waits, so a
 * sweep never removes an upload that an attachment is about to name.
 */
export const UPLOAD_ATTACH_WINDOW_MS = UNATTACHED_UPLOAD_MAX_AGE_MS - HOUR;
/** Uploads checked against the records per query. */
const BATCH = 200;

/** When an upload was stored: its id is an ObjectId the server made at that moment. */
export const uploadedAt = (uploadId: string): Date => new Date(Number.parseInt(uploadId.slice(0, 8), 16) * 1000);

export interface SweepOptions {
  readonly now: Date;
  /** The subgraph sweeping: only the uploads its upload route stored (their meta's owner) are removed. */
  readonly owner: string;
  /** Of these uploads of the tenant, the ids a record names (retired records included: their files are kept). */
  attached(tenantId: string, uploadIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Default UNATTACHED_UPLOAD_MAX_AGE_MS. */
  readonly maxAgeMs?: number;
}

export interface SweepResult {
  /** Stored objects looked at. */
  scanned: number;
  /** Older than the age and named by no record: removed. */
  removed: number;
}

/**
 * Removes the uploads no record names once they are older than a day: a file sent to the upload
 * endpoint but never attached would otherwise stay in the tenant's storage for ever. Reads the
 * storage's keys once, asks the subgraph which of the old ones its records name, 200 per tenant at a
 * time, and removes the rest. Safe to run from several processes at once.
 */
export async function sweepUnattachedUploads(documents: Documents, options: SweepOptions): Promise<SweepResult> {
  const cutoff = options.now.getTime() - (options.maxAgeMs ?? UNATTACHED_UPLOAD_MAX_AGE_MS);
  const pending = new Map<string, string[]>();
  const result: SweepResult = { scanned: 0, removed: 0 };
  const settle = async (tenantId: string, ids: string[]) => {
    pending.delete(tenantId);
    const attached = await options.attached(tenantId, ids);
    for (const id of ids) {
      if (attached.has(id)) continue;
      await documents.storage.remove(`${tenantId}/${id}`);
      result.removed += 1;
    }
  };
  for await (const key of documents.storage.list()) {
    result.scanned += 1;
    const [tenantId, id] = key.split('/') as [string, string];
    if (uploadedAt(id).getTime() >= cutoff) continue;
    // Another subgraph's upload, or no upload at all (an archive of the tenant): not this sweep's.
    if ((await documents.storage.head(key))?.owner !== options.owner) continue;
    const ids = pending.get(tenantId) ?? [];
    ids.push(id);
    pending.set(tenantId, ids);
    if (ids.length >= BATCH) await settle(tenantId, ids);
  }
  for (const [tenantId, ids] of [...pending]) await settle(tenantId, ids);
  return result;
}

/**
 * The tenant's upload `uploadId`, to be attached at `now`: NOT_FOUND when there is none (or it is
 * another tenant's: they look the same), BAD_USER_INPUT once older than UPLOAD_ATTACH_WINDOW_MS, as
 * the sweep may remove it at any moment and a record must never name a removed file.
 */
export async function uploadToAttach(documents: Documents, tenant: Pick<TenantContext, 'tenantId'>, uploadId: string, now: Date): Promise<Upload> {
  const upload = await findUpload(documents, tenant, uploadId);
  if (!upload) throw notFound('Upload', uploadId);
  if (now.getTime() - uploadedAt(upload.id).getTime() > UPLOAD_ATTACH_WINDOW_MS) {
    throw badInput(`The upload is older than ${UPLOAD_ATTACH_WINDOW_MS / HOUR} hours and can no longer be attached; upload the file again.`, { field: 'uploadId' });
  }
  return upload;
}

/** How often a subgraph's process sweeps its unattached uploads. */
export const UPLOAD_SWEEP_INTERVAL_MS = HOUR;

/**
 * `server` with its subgraph's sweep of unattached uploads beside it: once at start, then every
 * UPLOAD_SWEEP_INTERVAL_MS until stopped; a failed sweep is logged and the next one tries again.
 */
export function withUploadSweep<S extends { start(): Promise<void>; stop(): Promise<void> }>(server: S, sweep: () => Promise<SweepResult>, logger: Logger): S {
  let timer: NodeJS.Timeout | undefined;
  const run = () =>
    sweep()
      .then((result) => result.removed > 0 && logger.info(result, 'removed unattached uploads'))
      .catch((error: unknown) => logger.error({ err: error }, 'the sweep of unattached uploads failed'));
  return {
    ...server,
    async start() {
      await server.start();
      void run();
      timer = setInterval(() => void run(), UPLOAD_SWEEP_INTERVAL_MS).unref();
    },
    async stop() {
      clearInterval(timer);
      await server.stop();
    },
  };
}
