import { type Connection } from 'mongoose';
import { type SubgraphContext } from '@attunelogic/shared';
import { vehicleModel, type VehicleModel } from './vehicles/vehicles.model';

export interface TruckingModels {
  readonly Vehicle: VehicleModel;
}

/** Every model of the trucking subgraph on one connection; safe to call again on the same connection. */
export function createTruckingModels(connection: Connection): TruckingModels {
  return { Vehicle: vehicleModel(connection) };
}

/** What the trucking subgraph's resolvers receive. */
export type TruckingContext = SubgraphContext<TruckingModels>;
