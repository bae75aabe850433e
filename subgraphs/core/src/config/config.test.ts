import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '@attunelogic/shared';
import { executeAs } from '@attunelogic/shared/testing';
import { createCoreModels, type CoreModels } from '../models';
import { contextFor, type CoreHarness, provisionStaffedTenant, startHarness, userWith } from '../testing';
import { TtlCache } from './cache';
import {
  applyConfigChange,
  defaultConfig,
  effectiveConfig,
  effectiveFlags,
  effectiveSettings,
  SERVICE_REPAIR_DEFAULTS,
  serviceRepairTenantConfigSchema,
  TRUCKING_DEFAULTS,
  truckingTenantConfigSchema,
} from '@attunelogic/shared/tenancy';
import mongoose from 'mongoose';

describe('the configuration module (pure)', () => {
  it('has valid defaults for each industry, one flag per feature of shared/src/features.ts, all on', () => {
    expect(truckingTenantConfigSchema.parse(TRUCKING_DEFAULTS)).toEqual(TRUCKING_DEFAULTS);
    expect(serviceRepairTenantConfigSchema.parse(SERVICE_REPAIR_DEFAULTS)).toEqual(SERVICE_REPAIR_DEFAULTS);
    expect(Object.keys(TRUCKING_DEFAULTS.features)).toEqual([...FEATURES.trucking]);
    expect(Object.keys(SERVICE_REPAIR_DEFAULTS.features)).toEqual([...FEATURES.serviceRepair]);
    expect(Object.values(TRUCKING_DEFAULTS.features).every(Boolean)).toBe(true);
  });

  it('gives the defaults for a tenant without overrides, whatever its metadata looks like', () => {
    for (const metadata of [undefined, null, {}, { config: null }, { config: 'junk' }, { other: 1 }]) {
      expect(effectiveConfig('trucking', metadata)).toEqual({ config: TRUCKING_DEFAULTS, overriddenKeys: [] });
    }
    expect(effectiveConfig('serviceRepair', {})).toEqual({ config: SERVICE_REPAIR_DEFAULTS, overriddenKeys: [] });
    expect(defaultConfig('trucking')).not.toBe(TRUCKING_DEFAULTS);
  });

  it('deep-merges overrides: objects key by key, arrays replaced', () => {
    const { config, overriddenKeys } = effectiveConfig('trucking', {
      config: { dispatch: { autoAssign: true }, workingHours: { days: ['sat'] } },
    });
    expect(config.dispatch).toEqual({ ...TRUCKING_DEFAULTS.dispatch, autoAssign: true });
    expect(config.workingHours).toEqual({ ...TRUCKING_DEFAULTS.workingHours, days: ['sat'] });
    expect(overriddenKeys).toEqual(['workingHours.days', 'dispatch.autoAssign']);
  });

  it('skips stored keys the schema no longer knows or accepts, keeping the rest', () => {
    const { config, overriddenKeys } = effectiveConfig('trucking', {
      config: { features: { routeOptimization: false, retired: false }, dispatch: { maxLoadsPerDriver: -3 }, gone: { x: 1 } },
    });
    expect(config.features.routeOptimization).toBe(false);
    expect(config.dispatch.maxLoadsPerDriver).toBe(TRUCKING_DEFAULTS.dispatch.maxLoadsPerDriver);
    expect(overriddenKeys).toEqual(['features.routeOptimization']);
  });

  it('a trucking units.volume or units.temperature stored before their removal is skipped, refused in a change, and dropped by the next one', () => {
    const metadata = { config: { units: { volume: 'l', temperature: 'C', weight: 'kg' } } };
    const { config, overriddenKeys } = effectiveConfig('trucking', metadata);
    expect(config.units).toEqual({ ...TRUCKING_DEFAULTS.units, weight: 'kg' });
    expect(overriddenKeys).toEqual(['units.weight']);
    expect(applyConfigChange('trucking', metadata, { set: { units: { volume: 'gal' } } }).ok).toBe(false);
    const next = applyConfigChange('trucking', metadata, { set: { units: { distance: 'km' } } });
    expect(next.ok && next.override).toEqual({ units: { weight: 'kg', distance: 'km' } });
  });

  it('flags: every feature name present; the other industry’s off', () => {
    const flags = effectiveFlags('serviceRepair', { config: { features: { inventoryTracking: false } } });
    expect(Object.keys(flags).sort()).toEqual([...FEATURES.trucking, ...FEATURES.serviceRepair].sort());
    expect(flags.inventoryTracking).toBe(false);
    expect(flags.workOrders).toBe(true);
    expect(flags.fleetManagement).toBe(false);
  });

  it('applies set and clear, clear first; a section path clears the section', () => {
    const metadata = { config: { features: { routeOptimization: false, driverTracking: false }, units: { distance: 'km' } } };
    const result = applyConfigChange('trucking', metadata, { clear: ['features', 'units.distance'], set: { features: { driverTracking: false } } });
    expect(result).toMatchObject({ ok: true, override: { features: { driverTracking: false } }, overriddenKeys: ['features.driverTracking'] });
  });

  it.each([
    ['an unknown key', { dispatch: { teleport: true } }],
    ['a feature of the other industry', { features: { inventoryTracking: false } }],
    ['a wrong type', { dispatch: { autoAssign: 'yes' } }],
    ['an out-of-range number', { dispatch: { maxLoadsPerDriver: 0 } }],
    ['an invalid time zone', { workingHours: { timezone: 'Mars/Olympus' } }],
    ['a cross-field violation', { workingHours: { start: '20:00' } }],
    ['a null', { units: null }],
    ['not an object', 42],
  ])('refuses %s', (_name, set) => {
    const result = applyConfigChange('trucking', {}, { set });
    expect(result.ok).toBe(false);
  });

  it("gives the subgraphs the values they act on: the defaults, or the tenant's overrides", () => {
    const hours = {
      'dispatch.maxDrivingHoursPerDay': 11,
      'dispatch.maxLoadsPerDriver': 1,
      'dispatch.maxOnDutyHoursPerDay': 14,
      'dispatch.breakAfterDrivingHours': 8,
      'dispatch.cycle': '70/8',
      'dispatch.hoursOfService': 'enforce',
      'dispatch.averageSpeed': 55,
      'units.distance': 'mi',
      'workingHours.timezone': 'America/Chicago',
      'units.currency': 'USD',
      'settlement.payBasis': 'per_mile',
      'settlement.ratePerMileCents': 60,
      'settlement.ratePerLoadCents': 25_000,
      'settlement.lineHaulShareBasisPoints': 2_500,
      'maintenance.serviceIntervalMiles': 25_000,
      'maintenance.serviceIntervalDays': 180,
      'maintenance.inspectionIntervalDays': 365,
      'maintenance.reminderLeadDays': 14,
      'dispatch.autoAssign': false,
      'tracking.locationIntervalSeconds': 60,
      'units.weight': 'lb',
      'workingHours.days': 'mon,tue,wed,thu,fri',
      'workingHours.start': '06:00',
      'workingHours.end': '18:00',
    };
    expect(effectiveSettings('trucking', {})).toEqual({ 'tracking.retentionDays': 90, 'maintenance.blockAssignmentWhenOverdueCritical': true, ...hours });
    expect(effectiveSettings('trucking', { config: { tracking: { retentionDays: 30 }, maintenance: { blockAssignmentWhenOverdueCritical: false } } })).toEqual({
      'tracking.retentionDays': 30,
      'maintenance.blockAssignmentWhenOverdueCritical': false,
      ...hours,
    });
    expect(effectiveSettings('trucking', { config: { dispatch: { cycle: '60/7', hoursOfService: 'warn', averageSpeed: 80 }, units: { distance: 'km' } } })).toEqual({
      'tracking.retentionDays': 90,
      'maintenance.blockAssignmentWhenOverdueCritical': true,
      ...hours,
      'dispatch.cycle': '60/7',
      'dispatch.hoursOfService': 'warn',
      'dispatch.averageSpeed': 80,
      'units.distance': 'km',
    });
    const serviceDefaults = {
      'dispatch.maxJobsPerTechnicianPerDay': 6,
      'dispatch.defaultJobDurationMinutes': 90,
      'dispatch.travelBufferMinutes': 30,
      'dispatch.autoDispatch': false,
      'dispatch.maxTravelDistance': 50,
      'units.distance': 'mi',
      'units.currency': 'USD',
      'workingHours.timezone': 'America/New_York',
      'workingHours.days': 'mon,tue,wed,thu,fri',
      'workingHours.start': '08:00',
      'workingHours.end': '17:00',
      'billing.taxRateBasisPoints': 0,
      'billing.quoteValidDays': 30,
      'billing.labourRateCents': 9_500,
      'maintenance.warrantyDays': 90,
      'maintenance.followUpDays': 30,
      'inventory.lowStockThreshold': 5,
      'inventory.allowNegativeStock': false,
      'workOrders.responseHours.low': 72,
      'workOrders.responseHours.normal': 48,
      'workOrders.responseHours.high': 24,
      'workOrders.responseHours.emergency': 4,
      'workOrders.defaultPriority': 'normal',
    };
    expect(effectiveSettings('serviceRepair', {})).toEqual({ 'dispatch.emergencyPreemption': false, ...serviceDefaults });
    expect(effectiveSettings('serviceRepair', { config: { dispatch: { emergencyPreemption: true } } })).toEqual({
      'dispatch.emergencyPreemption': true,
      ...serviceDefaults,
    });
    expect(effectiveSettings('serviceRepair', { config: { dispatch: { travelBufferMinutes: 0, maxJobsPerTechnicianPerDay: 2 } } })).toEqual({
      'dispatch.emergencyPreemption': false,
      ...serviceDefaults,
      'dispatch.travelBufferMinutes': 0,
      'dispatch.maxJobsPerTechnicianPerDay': 2,
    });
  });

  it("reads a priority stored under the configuration's earlier name (urgent) as emergency, and refuses the old name in a change", () => {
    const stored = { config: { workOrders: { defaultPriority: 'urgent', responseHours: { urgent: 2, high: 12 } } } };
    const { config, overriddenKeys } = effectiveConfig('serviceRepair', stored);
    expect(config.workOrders).toEqual({ defaultPriority: 'emergency', responseHours: { low: 72, normal: 48, high: 12, emergency: 2 } });
    expect(overriddenKeys).toEqual(['workOrders.defaultPriority', 'workOrders.responseHours.high', 'workOrders.responseHours.emergency']);
    expect(effectiveSettings('serviceRepair', stored)).toMatchObject({ 'workOrders.responseHours.emergency': 2, 'workOrders.defaultPriority': 'emergency' });
    // The next change stores the new names only.
    const changed = applyConfigChange('serviceRepair', stored, { set: { workOrders: { responseHours: { low: 70 } } } });
    expect(changed).toMatchObject({ ok: true });
    expect(JSON.stringify(changed)).not.toContain('urgent');
    expect(applyConfigChange('serviceRepair', {}, { set: { workOrders: { responseHours: { urgent: 3 } } } })).toMatchObject({ ok: false });
  });

  it('refuses to clear an unknown key', () => {
    expect(applyConfigChange('serviceRepair', {}, { clear: ['features.routeOptimization'] })).toMatchObject({ ok: false, issues: [{ path: 'clear' }] });
  });
});

describe('TtlCache', () => {
  it('keeps a value for its lifetime, loads again after it, and forgets on delete', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(100, 10, () => now);
    const load = () => Promise.resolve(++loads);
    expect(await cache.get('a', load)).toBe(1);
    now = 99;
    expect(await cache.get('a', load)).toBe(1);
    now = 100;
    expect(await cache.get('a', load)).toBe(2);
    cache.delete('a');
    expect(await cache.get('a', load)).toBe(3);
  });

  it('does not keep a failed load', async () => {
    const cache = new TtlCache<number>(1_000);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', () => Promise.resolve(7))).toBe(7);
  });
});

let h: CoreHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const CONFIG = '{ tenantConfig { config overriddenKeys flags { name enabled } } }';
const UPDATE = 'mutation ($set: JSON, $clear: [String!]) { updateTenantConfig(set: $set, clear: $clear) { config overriddenKeys flags { name enabled } } }';

interface ConfigResult {
  config: Record<string, Record<string, unknown>>;
  overriddenKeys: string[];
  flags: { name: string; enabled: boolean }[];
}

const code = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }): unknown => result.errors?.[0]?.extensions?.['code'];
const storedMetadata = async (tenantId: string) => (await h.models.Tenant.findById(tenantId).lean())?.metadata;

describe('tenantConfig and updateTenantConfig', () => {
  it.each(['trucking', 'serviceRepair'] as const)('a fresh %s tenant has its industry’s defaults', async (appType) => {
    const tenant = await provisionStaffedTenant(h.models, appType);
    const result = await h.run<{ tenantConfig: ConfigResult }>(contextFor(tenant, userWith(tenant, 'viewer')), CONFIG);
    expect(result.errors).toBeUndefined();
    expect(result.data?.tenantConfig).toEqual({
      config: appType === 'trucking' ? TRUCKING_DEFAULTS : SERVICE_REPAIR_DEFAULTS,
      overriddenKeys: [],
      flags: FEATURES[appType].map((name) => ({ name, enabled: true })),
    });
  });

  it('an override changes the effective value, the next read shows it at once, and clear restores the default', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    await h.run(owner, CONFIG); // cached now
    const set = await h.run<{ updateTenantConfig: ConfigResult }>(owner, UPDATE, {
      set: { features: { routeOptimization: false }, dispatch: { maxLoadsPerDriver: 3 } },
    });
    expect(set.errors).toBeUndefined();
    expect(set.data?.updateTenantConfig.overriddenKeys).toEqual(['features.routeOptimization', 'dispatch.maxLoadsPerDriver']);
    const read = await h.run<{ tenantConfig: ConfigResult }>(owner, CONFIG);
    expect(read.data?.tenantConfig.config['dispatch']?.['maxLoadsPerDriver']).toBe(3);
    expect(read.data?.tenantConfig.flags).toContainEqual({ name: 'routeOptimization', enabled: false });
    expect(await storedMetadata(tenant.id)).toEqual({ config: { features: { routeOptimization: false }, dispatch: { maxLoadsPerDriver: 3 } }, configVersion: 1 });

    const cleared = await h.run<{ updateTenantConfig: ConfigResult }>(owner, UPDATE, { clear: ['features.routeOptimization'] });
    expect(cleared.data?.updateTenantConfig.overriddenKeys).toEqual(['dispatch.maxLoadsPerDriver']);
    expect(cleared.data?.updateTenantConfig.flags).toContainEqual({ name: 'routeOptimization', enabled: true });
  });

  it('a bad override is BAD_USER_INPUT with the issues, and stores nothing', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    await h.run(owner, UPDATE, { set: { units: { distance: 'km' } } });
    const before = await storedMetadata(tenant.id);
    for (const variables of [
      { set: { dispatch: { teleport: true } } },
      { set: { units: { distance: 'km' }, workingHours: { start: '23:00' } } },
      { set: { features: { inventoryTracking: false } } },
      { clear: ['nothing.here'] },
    ]) {
      const result = await h.run(owner, UPDATE, variables);
      expect(code(result), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.['issues']).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]));
    }
    expect(await storedMetadata(tenant.id)).toEqual(before);
  });

  it('accepts an override written inline in the operation', async () => {
    const tenant = await provisionStaffedTenant(h.models, 'serviceRepair');
    const quoted = await h.run<{ updateTenantConfig: ConfigResult }>(
      contextFor(tenant),
      'mutation { updateTenantConfig(set: { inventory: { lowStockThreshold: 12 }, workingHours: { days: ["sat", "sun"] } }) { overriddenKeys } }',
    );
    expect(quoted.data?.updateTenantConfig.overriddenKeys).toEqual(['workingHours.days', 'inventory.lowStockThreshold']);
  });

  it('concurrent updates of different keys lose none of them', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const sets = [
      { units: { distance: 'km' } },
      { units: { weight: 'kg' } },
      { dispatch: { autoAssign: true } },
      { tracking: { retentionDays: 30 } },
      { maintenance: { reminderLeadDays: 7 } },
    ];
    // Each change four times over: twenty writers racing on one document.
    const results = await Promise.all([...sets, ...sets, ...sets, ...sets].map((set) => h.run(owner, UPDATE, { set })));
    expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
    const { overriddenKeys } = effectiveConfig('trucking', await storedMetadata(tenant.id));
    expect([...overriddenKeys].sort()).toEqual(['dispatch.autoAssign', 'maintenance.reminderLeadDays', 'tracking.retentionDays', 'units.distance', 'units.weight']);
    expect((await storedMetadata(tenant.id))?.['configVersion']).toBe(20);
  });

  it('reads are cached per tenant: a write from elsewhere shows after the cache lifetime', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const shortLived = createCoreModels(h.connection, { configCacheTtlMs: 150 });
    const read = async () =>
      (await executeAs<CoreModels, { tenantConfig: ConfigResult }>(h.server, shortLived, contextFor(tenant), CONFIG)).data?.tenantConfig.overriddenKeys;
    expect(await read()).toEqual([]);
    await h.models.Tenant.updateOne({ _id: new mongoose.Types.ObjectId(tenant.id) }, { $set: { 'metadata.config': { units: { distance: 'km' } } } });
    expect(await read()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await read()).toEqual(['units.distance']);
  });

  it('needs config:read to read and config:write to change', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    expect(code(await h.run(contextFor(tenant, userWith(tenant, 'driver')), CONFIG))).toBe('FORBIDDEN');
    const dispatcher = contextFor(tenant, userWith(tenant, 'dispatcher'));
    expect(code(await h.run(dispatcher, UPDATE, { set: { units: { distance: 'km' } } }))).toBe('FORBIDDEN');
    expect((await h.run(contextFor(tenant, userWith(tenant, 'admin')), UPDATE, { set: { units: { distance: 'km' } } })).errors).toBeUndefined();
  });

  it('the audit event of a change has a field-level diff of the overrides', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    await h.run(contextFor(tenant), UPDATE, { set: { features: { driverTracking: false } } });
    await h.run(contextFor(tenant), UPDATE, { set: { units: { distance: 'km' } }, clear: ['features'] });
    const events = await h.models.audit.AuditEvent.find({ parentCompany: tenant.id, operation: 'updateTenantConfig' }).sort({ seq: 1 }).lean();
    expect(events.map((e) => [e.targetType, e.targetId, e.diff])).toEqual([
      ['TenantConfig', tenant.id, { 'features/driverTracking': { from: null, to: false } }],
      ['TenantConfig', tenant.id, { 'features/driverTracking': { from: false, to: null }, 'units/distance': { from: null, to: 'km' } }],
    ]);
  });
});
