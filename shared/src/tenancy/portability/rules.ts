import { type Document, ObjectId } from 'mongodb';
import { type TenantDatabaseName } from './databases';

// Which of a database's collections hold a tenant's documents, by which field, and what an export
// and an import do with each. Collections are discovered (listCollections), never listed here: a
// new feature's collection is exported, erased and swept without a change to this file.

/** The field that names the owning tenant: `parentCompany` (ObjectId) almost everywhere. */
export function ownerFilter(database: TenantDatabaseName, tenantId: string): Document {
  // The event log names its tenant as a string; the authorization server's credentials by `tenantId`.
  if (database === 'events') return { tenant: tenantId };
  if (database === 'auth') return { tenantId: new ObjectId(tenantId) };
  return { parentCompany: new ObjectId(tenantId) };
}

/** Every way a document can name a tenant (the sweep's net: wider than what erasure deletes by). */
export function anyMentionFilter(tenantId: string): Document {
  const id = new ObjectId(tenantId);
  return {
    $or: [{ parentCompany: id }, { parentCompany: tenantId }, { tenant: tenantId }, { tenant: id }, { tenantId: id }, { tenantId }, { _id: id }],
  };
}

/** Collections no tenant owns: the tenants themselves (core's `customers`), the log's counter, the signing keys. */
export const isSystemCollection = (database: TenantDatabaseName, collection: string): boolean =>
  collection.startsWith('system.') || (database === 'core' && collection === 'customers');

/** Core's records of the archives owners asked for (their bytes are in the tenant's file storage): never exported again. */
export const TENANT_EXPORTS_COLLECTION = 'tenantExports';

export interface ExportRule {
  /** Exported at all. */
  readonly exported: boolean;
  /** What it becomes in the archive (secrets out). */
  readonly redact?: (doc: Document) => Document;
  /** The collection an import writes it to (the same by default). */
  readonly importAs?: string;
  /** Its records are sealed (hashed): an import rewrites their owner only, never a mention inside. */
  readonly sealed?: boolean;
}

/**
 * What export and import do with a collection:
 * - earlier archives (and their records) are not exported again;
 * - the authorization server's data (password hashes, sessions, tokens) is never exported: the
 *   imported users set their passwords again (an invitation); it is erased;
 * - the audit chain's head is the manifest's anchor, not a document; the chain's events come back
 *   as archived history (`importedAuditEvents`), verifiable against the manifest's head hash, and
 *   the target's own chain goes on untouched;
 * - the event log, the outboxes and webhook deliveries come back as history beside the live ones
 *   (`importedLog`, `importedEvents`, `importedWebhookDeliveries`): nothing is sent again;
 * - webhook endpoints come without their signing secret, switched off; API clients without their
 *   secret's hash, revoked: their owners issue new secrets.
 */
export function exportRule(database: TenantDatabaseName, collection: string): ExportRule {
  if (database === 'auth') return { exported: false };
  if (database === 'core' && collection === TENANT_EXPORTS_COLLECTION) return { exported: false };
  if (database === 'audit' && collection === 'auditHeads') return { exported: false };
  if (database === 'audit' && collection === 'auditEvents') return { exported: true, importAs: 'importedAuditEvents', sealed: true };
  if (database === 'events' && collection === 'log') return { exported: true, importAs: 'importedLog' };
  if (database === 'core' && collection === 'webhookdeliveries') return { exported: true, importAs: 'importedWebhookDeliveries' };
  if (collection === 'events' && database !== 'events') return { exported: true, importAs: 'importedEvents' };
  if (database === 'core' && collection === 'webhookendpoints') return { exported: true, redact: (doc) => ({ ...doc, secret: null, active: false }) };
  if (database === 'core' && collection === 'apiClients') return { exported: true, redact: (doc) => ({ ...doc, secretHash: null, active: false }) };
  return { exported: true };
}

/** Collections a freshly provisioned tenant already has documents in (its owner, its chain, their events): an import's target may have these. */
/** Whether the records of a collection (as exported, or as imported) are sealed. */
export const isSealed = (database: TenantDatabaseName, collection: string): boolean =>
  database === 'audit' && (collection === 'auditEvents' || collection === 'importedAuditEvents');

export const PROVISIONED = new Set(['core/users', 'core/events', 'audit/auditEvents', 'audit/auditHeads', 'events/log']);
