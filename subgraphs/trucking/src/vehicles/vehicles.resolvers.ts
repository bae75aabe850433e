import { userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { referenced } from '../common/references';
import { type TruckingContext } from '../models';
import { type VehicleDocument } from './vehicles.model';
import { createVehicle, getVehicle, listVehicles, updateVehicle, type VehicleFilter } from './vehicles.service';

type Vehicle = Lean<VehicleDocument>;

export const vehicleResolvers = {
  Query: {
    vehicles: (_parent: unknown, args: ConnectionArgs & { filter?: VehicleFilter }, ctx: TruckingContext) => listVehicles(ctx, args),
    vehicle: (_parent: unknown, args: { id: string }, ctx: TruckingContext) => getVehicle(ctx, args.id),
  },
  Mutation: {
    createVehicle: (_parent: unknown, args: { input: unknown }, ctx: TruckingContext) => createVehicle(ctx, args.input),
    updateVehicle: (_parent: unknown, args: { id: string; input: unknown }, ctx: TruckingContext) => updateVehicle(ctx, args.id, args.input),
  },
  Vehicle: {
    id: (vehicle: Vehicle) => vehicle._id.toHexString(),
    type: (vehicle: Vehicle) => vehicle.type ?? 'tractor',
    currentLoad: (vehicle: Vehicle, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Load, vehicle.activeLoad),
    createdBy: (vehicle: Vehicle) => userReference(vehicle.createdBy),
    createdAt: (vehicle: Vehicle) => vehicle.createdAt.toISOString(),
    updatedAt: (vehicle: Vehicle) => vehicle.updatedAt.toISOString(),
  },
};
