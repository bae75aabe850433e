import { type Resolvers } from '../generated/resolvers';
import { userReference } from '../users/users.service';
import { listAuditLog, verifyChain } from './audit.service';

export const auditResolvers = {
  Query: {
    auditLog: (_parent, args, ctx) => listAuditLog(ctx, args),
    verifyAuditChain: (_parent, _args, ctx) => verifyChain(ctx),
  },
  AuditEvent: {
    id: (event) => event._id.toHexString(),
    at: (event) => event.at.toISOString(),
    actorId: (event) => event.actor,
    actor: (event, _args, ctx) => userReference(ctx, event.actor),
  },
} satisfies Resolvers;
