import { type TruckingTenantConfig } from '../schema';

/**
 * What a trucking tenant gets until it overrides something: every feature on, US units, a day
 * shift on weekdays, and the federal hours-of-service limits (49 CFR 395.3) as dispatch bounds.
 */
export const TRUCKING_DEFAULTS: TruckingTenantConfig = {
  features: {
    fleetManagement: true,
    driverManagement: true,
    loadTracking: true,
    routeOptimization: true,
    driverTracking: true,
    maintenanceScheduling: true,
  },
  units: { distance: 'mi', weight: 'lb', currency: 'USD' },
  workingHours: { timezone: 'America/Chicago', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:00', end: '18:00' },
  dispatch: {
    autoAssign: false,
    maxLoadsPerDriver: 1,
    maxDrivingHoursPerDay: 11,
    maxOnDutyHoursPerDay: 14,
    breakAfterDrivingHours: 8,
    averageSpeed: 55,
    cycle: '70/8',
    hoursOfService: 'enforce',
  },
  tracking: { locationIntervalSeconds: 60, retentionDays: 90 },
  maintenance: { serviceIntervalMiles: 25_000, serviceIntervalDays: 180, inspectionIntervalDays: 365, reminderLeadDays: 14, blockAssignmentWhenOverdueCritical: true },
  settlement: { payBasis: 'per_mile', ratePerMileCents: 60, ratePerLoadCents: 25_000, lineHaulShareBasisPoints: 2_500 },
  api: { partnerRegisteredOperationsOnly: false },
};
