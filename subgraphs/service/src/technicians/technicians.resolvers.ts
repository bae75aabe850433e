import { userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { iso, requireAccess } from '../access';
import { type ServiceContext } from '../models';
import { type Booking, type TechnicianDocument, type TimeOff } from './technicians.model';
import { createTechnician, getTechnician, listTechnicians, techniciansByUserId, updateTechnician, type TechnicianFilter } from './technicians.service';
import { formatClock, type WorkingPeriod } from './working-hours';

type Technician = Lean<TechnicianDocument>;

/** What `User.__resolveReference` returns: the id, and the profile when the tenant can have one. */
interface UserReference {
  id: string;
  profile: Technician | null;
}

export const technicianResolvers = {
  Query: {
    technicians: (_parent: unknown, args: ConnectionArgs & { filter?: TechnicianFilter }, ctx: ServiceContext) => listTechnicians(ctx, args),
    technician: (_parent: unknown, args: { id: string }, ctx: ServiceContext) => getTechnician(ctx, args.id),
  },
  Mutation: {
    createTechnician: (_parent: unknown, args: { input: unknown }, ctx: ServiceContext) => createTechnician(ctx, args.input),
    updateTechnician: (_parent: unknown, args: { id: string; input: unknown }, ctx: ServiceContext) => updateTechnician(ctx, args.id, args.input),
  },
  Technician: {
    id: (technician: Technician) => technician._id.toHexString(),
    user: (technician: Technician) => userReference(technician.userId),
    serviceAreas: async (technician: Technician, _args: unknown, ctx: ServiceContext) => {
      const areas = await ctx.loaders.byId(ctx.models.ServiceArea).loadMany(technician.serviceAreaIds.map((id) => id.toHexString()));
      return areas.filter((area) => area !== null && !(area instanceof Error));
    },
    bookings: (technician: Technician) => [...technician.bookings].sort((a, b) => a.start.getTime() - b.start.getTime()),
    createdAt: (technician: Technician) => iso(technician.createdAt),
    updatedAt: (technician: Technician) => iso(technician.updatedAt),
  },
  WorkingHours: {
    start: (period: WorkingPeriod) => formatClock(period.start),
    end: (period: WorkingPeriod) => formatClock(period.end),
  },
  TimeOff: {
    id: (period: TimeOff) => period._id.toHexString(),
    start: (period: TimeOff) => iso(period.start),
    end: (period: TimeOff) => iso(period.end),
  },
  TechnicianBooking: {
    workOrder: (booking: Booking, _args: unknown, ctx: ServiceContext) => ctx.loaders.byId(ctx.models.WorkOrder).load(booking.workOrderId.toHexString()),
    start: (booking: Booking) => iso(booking.start),
    end: (booking: Booking) => iso(booking.end),
  },
  User: {
    // Through a per-request loader keyed by user id: a page of users costs one technicians query.
    __resolveReference: async (reference: { id: string }, ctx: ServiceContext): Promise<UserReference> => ({
      id: reference.id,
      profile:
        ctx.tenant.appType === 'serviceRepair'
          ? await ctx.loaders.custom('technicianByUserId', (tenant, ids: readonly string[]) => techniciansByUserId(ctx.models.Technician, tenant, ids)).load(reference.id)
          : null,
    }),
    technicianProfile: (user: UserReference, _args: unknown, ctx: ServiceContext) => {
      requireAccess(ctx, 'technicianDispatch', 'technicians:read');
      return user.profile;
    },
  },
};
