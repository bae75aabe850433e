import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { z } from 'zod';
import {
  appendAuditEvent,
  DEFAULT_PAGE_SIZE,
  diffDocuments,
  MAX_PAGE_SIZE,
  requirePermission,
  verifyAuditChain,
  AUDIT_OUTCOMES,
  type AuditEventDocument,
  type AuditModels,
  type ChainVerification,
  type Connection,
  type ConnectionArgs,
  type Lean,
  singleLine,
} from '@attunelogic/shared';
import { badInput } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type CoreContext } from '../models';

type AuditEvent = Lean<AuditEventDocument>;

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * Runs a mutation that names its target by a client-supplied id; when it fails (denied, not found,
 * conflict), the audit event still names the target it was aimed at. A success records its own
 * target, with the diff, before this is reached.
 */
export async function auditFailure<T>(ctx: CoreContext, type: string, id: unknown, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (typeof id === 'string' && OBJECT_ID.test(id)) ctx.audit.record(type, id.toLowerCase());
    throw error;
  }
}

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const text = singleLine(200);

const auditFilter = z
  .object({
    actorId: text.nullish(),
    targetType: text.nullish(),
    targetId: text.nullish(),
    operation: text.nullish(),
    outcome: z.enum(AUDIT_OUTCOMES).nullish(),
    from: isoDate.nullish(),
    to: isoDate.nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: '"from" must be before "to".', path: ['to'] })
  .nullish();

export type AuditLogFilter = z.input<typeof auditFilter>;

const first = z.number().int().min(1).max(MAX_PAGE_SIZE);

const encodeCursor = (seq: number): string => Buffer.from(`a:${seq}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const raw = cursor.length <= 32 ? Buffer.from(cursor, 'base64url').toString() : '';
  const seq = /^a:(\d{1,15})$/.exec(raw)?.[1];
  if (!seq) throw badInput('"after" is not a valid cursor.', { field: 'after' });
  return Number(seq);
}

/**
 * The tenant's audit events, newest first (by their place in the chain), filtered by actor,
 * target, operation, outcome and time range (`from` inclusive, `to` exclusive).
 */
export async function listAuditLog(ctx: CoreContext, args: ConnectionArgs & { filter?: AuditLogFilter }): Promise<Connection<AuditEvent>> {
  requirePermission(ctx.tenant, 'audit:read');
  const size = args.first ?? DEFAULT_PAGE_SIZE;
  if (!first.safeParse(size).success) throw badInput(`"first" must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { field: 'first' });
  const filter = auditFilter.parse(args.filter);
  const scoped: Record<string, unknown> = { ...tenantScope(ctx.tenant) };
  if (filter?.actorId) scoped['actor'] = filter.actorId;
  if (filter?.targetType) scoped['targetType'] = filter.targetType;
  if (filter?.targetId) scoped['targetId'] = filter.targetId;
  if (filter?.operation) scoped['operation'] = filter.operation;
  if (filter?.outcome) scoped['outcome'] = filter.outcome;
  if (filter?.from || filter?.to) {
    scoped['at'] = mongoose.trusted({ ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) });
  }
  const page = args.after ? { ...scoped, seq: mongoose.trusted({ $lt: decodeCursor(args.after) }) } : scoped;
  const { AuditEvent: model } = ctx.models.audit;
  const [docs, totalCount] = await Promise.all([
    model
      .find(page)
      .sort({ seq: -1 })
      .limit(size + 1)
      .lean<AuditEvent[]>(),
    model.countDocuments(scoped),
  ]);
  const edges = docs.slice(0, size).map((node) => ({ cursor: encodeCursor(node.seq), node }));
  return { edges, pageInfo: { hasNextPage: docs.length > size, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/** Walks the tenant's hash chain and reports the first broken link. */
export async function verifyChain(ctx: CoreContext): Promise<ChainVerification> {
  requirePermission(ctx.tenant, 'audit:read');
  return verifyAuditChain(ctx.models.audit, ctx.tenant.tenantId);
}

/**
 * Writes the audit event of a change made outside GraphQL (the operators' `tenant` script), into
 * the same chain as the tenant's mutations. `actor` is not a user id there: e.g. `operator:alice`.
 */
export function recordOperatorEvent(
  audit: AuditModels,
  tenantId: string,
  event: { actor: string; operation: string; targetType: string; targetId: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null },
): Promise<AuditEventDocument> {
  return appendAuditEvent(audit, tenantId, {
    at: new Date(),
    actor: event.actor,
    subgraph: 'operator',
    operation: event.operation,
    targetType: event.targetType,
    targetId: event.targetId,
    outcome: 'success',
    errorCode: null,
    diff: JSON.parse(JSON.stringify(diffDocuments(event.before, event.after))) as AuditEventDocument['diff'],
    requestId: randomUUID(),
  });
}
