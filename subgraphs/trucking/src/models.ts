import { type Connection } from 'mongoose';
import { createCoreUserModel, type CoreUserModel } from '@attunelogic/shared';
import { counterModel, type CounterModel } from '@attunelogic/shared/mongo';
import { type SubgraphContext } from '@attunelogic/shared/subgraph';
import { freightInvoiceModel, type FreightInvoiceModel } from './billing/freight-invoices.model';
import { documentModel, type TruckingDocumentModel } from './documents/documents.model';
import { driverModel, type DriverModel } from './drivers/drivers.model';
import { dutyStatusEventModel, type DutyStatusEventModel } from './hours/hours.model';
import { loadModel, type LoadModel } from './loads/loads.model';
import { partyModel, type PartyModel } from './parties/parties.model';
import {
  maintenanceModels,
  type MaintenanceDueBuildModel,
  type MaintenanceDuePointModel,
  type MaintenanceRecordModel,
  type MaintenanceScheduleModel,
  type MaintenanceStateModel,
} from './maintenance/maintenance.model';
import { driverSettlementModel, type DriverSettlementModel } from './settlements/settlements.model';
import { driverLocationModel, type DriverLocationModel } from './tracking/tracking.model';
import { trailerModel, type TrailerModel } from './trailers/trailers.model';
import { vehicleModel, type VehicleModel } from './vehicles/vehicles.model';

export interface TruckingModels {
  readonly Vehicle: VehicleModel;
  readonly Trailer: TrailerModel;
  readonly Driver: DriverModel;
  readonly Load: LoadModel;
  readonly DriverLocation: DriverLocationModel;
  readonly MaintenanceSchedule: MaintenanceScheduleModel;
  readonly MaintenanceRecord: MaintenanceRecordModel;
  readonly MaintenanceState: MaintenanceStateModel;
  readonly MaintenanceDuePoint: MaintenanceDuePointModel;
  readonly MaintenanceDueBuild: MaintenanceDueBuildModel;
  readonly DutyStatusEvent: DutyStatusEventModel;
  readonly Party: PartyModel;
  readonly FreightInvoice: FreightInvoiceModel;
  readonly DriverSettlement: DriverSettlementModel;
  /** The tenant's number sequences (freight invoices, settlements). */
  readonly Counter: CounterModel;
  readonly Document: TruckingDocumentModel;
  /** Core's users, read-only and tenant-scoped: a profile is only linked to one of the tenant's users. */
  readonly CoreUser: CoreUserModel;
}

/** Every model of the trucking subgraph on one connection; safe to call again on the same connection. */
export function createTruckingModels(connection: Connection, coreConnection: Connection = connection): TruckingModels {
  return {
    CoreUser: createCoreUserModel(coreConnection),
    Vehicle: vehicleModel(connection),
    Trailer: trailerModel(connection),
    Driver: driverModel(connection),
    Load: loadModel(connection),
    DriverLocation: driverLocationModel(connection),
    ...maintenanceModels(connection),
    DutyStatusEvent: dutyStatusEventModel(connection),
    Party: partyModel(connection),
    FreightInvoice: freightInvoiceModel(connection),
    DriverSettlement: driverSettlementModel(connection),
    Counter: counterModel(connection),
    Document: documentModel(connection),
  };
}

/** What the trucking subgraph's resolvers receive. */
export type TruckingContext = SubgraphContext<TruckingModels>;
