import { type ServiceRepairTenantConfig } from '../schema';

/**
 * What a service/repair tenant gets until it overrides something: every feature on, US units,
 * weekday business hours, and response times by work-order priority.
 */
export const SERVICE_REPAIR_DEFAULTS: ServiceRepairTenantConfig = {
  features: {
    serviceAreas: true,
    technicianDispatch: true,
    workOrders: true,
    customerManagement: true,
    inventoryTracking: true,
  },
  units: { distance: 'mi', temperature: 'F', currency: 'USD' },
  workingHours: { timezone: 'America/New_York', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '17:00' },
  dispatch: {
    autoDispatch: false,
    maxJobsPerTechnicianPerDay: 6,
    defaultJobDurationMinutes: 90,
    travelBufferMinutes: 30,
    maxTravelDistance: 50,
    emergencyPreemption: false,
  },
  workOrders: { defaultPriority: 'normal', responseHours: { low: 72, normal: 48, high: 24, emergency: 4 } },
  inventory: { lowStockThreshold: 5, allowNegativeStock: false },
  maintenance: { warrantyDays: 90, followUpDays: 30 },
  billing: { taxRateBasisPoints: 0, quoteValidDays: 30, labourRateCents: 9_500 },
  api: { partnerRegisteredOperationsOnly: false },
};
