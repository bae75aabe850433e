import { type Lean } from '@attunelogic/shared';
import { userReference } from '@attunelogic/shared/subgraph';
import { iso, requireAccess } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { type ServiceContext } from '../models';
import { type ServiceAreaDocument } from '../service-areas/service-areas.model';
import { type TechnicianDocument } from './technicians.model';
import { createTechnician, getTechnician, listTechnicians, techniciansByUserId, updateTechnician } from './technicians.service';
import { formatClock } from './working-hours';

type Technician = Lean<TechnicianDocument>;

/**
 * A user as this subgraph resolves it: the id, and the technician profile when it was already read
 * (`__resolveReference` reads it; a user returned by a service field, e.g. technician.user or
 * createdBy, is a bare reference whose profile is read on demand).
 */
export interface UserReference {
  id: string;
  profile?: Technician | null;
}

/** The user's technician profile through a per-request loader keyed by user id (a page of users costs one query); null where the tenant cannot have one. */
const profileOf = async (ctx: ServiceContext, userId: string): Promise<Technician | null> =>
  ctx.tenant.appType === 'serviceRepair'
    ? ctx.loaders.custom('technicianByUserId', (tenant, ids: readonly string[]) => techniciansByUserId(ctx.models.Technician, tenant, ids)).load(userId)
    : null;

export const technicianResolvers = {
  Query: {
    technicians: (_parent, args, ctx) => listTechnicians(ctx, args),
    technician: (_parent, args, ctx) => getTechnician(ctx, args.id),
  },
  Mutation: {
    createTechnician: (_parent, args, ctx) => createTechnician(ctx, args.input),
    updateTechnician: (_parent, args, ctx) => updateTechnician(ctx, args.id, args.input),
  },
  Technician: {
    id: (technician) => technician._id.toHexString(),
    user: (technician) => userReference(technician.userId),
    serviceAreas: async (technician, _args, ctx) => {
      const areas = await ctx.loaders.byId(ctx.models.ServiceArea).loadMany(technician.serviceAreaIds.map((id) => id.toHexString()));
      return areas.filter((area): area is Lean<ServiceAreaDocument> => area !== null && !(area instanceof Error));
    },
    bookings: (technician) => [...technician.bookings].sort((a, b) => a.start.getTime() - b.start.getTime()),
    createdAt: (technician) => iso(technician.createdAt),
    updatedAt: (technician) => iso(technician.updatedAt),
  },
  WorkingHours: {
    start: (period) => formatClock(period.start),
    end: (period) => formatClock(period.end),
  },
  TimeOff: {
    id: (period) => period._id.toHexString(),
    start: (period) => iso(period.start),
    end: (period) => iso(period.end),
  },
  TechnicianBooking: {
    workOrder: (booking, _args, ctx) => ctx.loaders.byId(ctx.models.WorkOrder).load(booking.workOrderId.toHexString()),
    start: (booking) => iso(booking.start),
    end: (booking) => iso(booking.end),
  },
  User: {
    __resolveReference: async (reference, ctx): Promise<UserReference> => ({ id: reference.id, profile: await profileOf(ctx, reference.id) }),
    technicianProfile: (user, _args, ctx) => {
      requireAccess(ctx, 'technicianDispatch', 'technicians:read');
      return user.profile !== undefined ? user.profile : profileOf(ctx, user.id);
    },
  },
} satisfies Resolvers;
