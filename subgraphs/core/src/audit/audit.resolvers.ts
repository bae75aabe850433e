import { type AuditEventDocument, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { type CoreContext } from '../models';
import { userReference } from '../users/users.service';
import { listAuditLog, verifyChain, type AuditLogFilter } from './audit.service';

type AuditEvent = Lean<AuditEventDocument>;

export const auditResolvers = {
  Query: {
    auditLog: (_parent: unknown, args: ConnectionArgs & { filter?: AuditLogFilter }, ctx: CoreContext) => listAuditLog(ctx, args),
    verifyAuditChain: (_parent: unknown, _args: unknown, ctx: CoreContext) => verifyChain(ctx),
  },
  AuditEvent: {
    id: (event: AuditEvent) => event._id.toHexString(),
    at: (event: AuditEvent) => event.at.toISOString(),
    actorId: (event: AuditEvent) => event.actor,
    actor: (event: AuditEvent, _args: unknown, ctx: CoreContext) => userReference(ctx, event.actor),
  },
};
