import { type AppType } from './tenant';

/**
 * The feature flags of each industry. Core's configuration defaults switch them on; a tenant may
 * switch one off; `requireFeature` refuses a feature of the other industry or one switched off.
 */
export const FEATURES = {
  trucking: ['fleetManagement', 'driverManagement', 'loadTracking', 'routeOptimization', 'driverTracking', 'maintenanceScheduling'],
  serviceRepair: ['serviceAreas', 'technicianDispatch', 'workOrders', 'customerManagement', 'inventoryTracking'],
} as const satisfies Record<AppType, readonly string[]>;

export type TruckingFeature = (typeof FEATURES.trucking)[number];
export type ServiceFeature = (typeof FEATURES.serviceRepair)[number];
export type Feature = TruckingFeature | ServiceFeature;
