// A tenant's configuration as a pure module: industry defaults, the override schemas, the merge.
// No database access and no models: core stores and edits it; the gateway computes from it the
// feature flags and settings it signs into the internal context.
import { type z } from 'zod';
import { FEATURES, type Feature } from '../../features';
import { APP_TYPES, type AppType, type TenantSetting } from '../../tenant';
import { SERVICE_REPAIR_DEFAULTS } from './defaults/serviceRepair';
import { TRUCKING_DEFAULTS } from './defaults/trucking';
import { deepAssign, deletePath, isPlainObject, keyPaths, mergeAlongSchema, type JsonObject } from './merge';
import { overrideSchemaOf, serviceRepairTenantConfigSchema, truckingTenantConfigSchema, type ServiceRepairTenantConfig, type TruckingTenantConfig } from './schema';

export { TRUCKING_DEFAULTS } from './defaults/trucking';
export { SERVICE_REPAIR_DEFAULTS } from './defaults/serviceRepair';
export { flattenForDiff } from './merge';
export {
  HOURS_CYCLES,
  HOURS_OF_SERVICE_MODES,
  SETTLEMENT_PAY_BASES,
  serviceRepairTenantConfigSchema,
  truckingTenantConfigSchema,
  type ConfigOverride,
  type ServiceRepairTenantConfig,
  type TruckingTenantConfig,
} from './schema';

/** The configuration of either industry. */
export type TenantConfig = TruckingTenantConfig | ServiceRepairTenantConfig;
export type TenantConfigOf<A extends AppType> = A extends 'trucking' ? TruckingTenantConfig : ServiceRepairTenantConfig;

/** Where a tenant's overrides live: `metadata.config` of its record in core. */
export const CONFIG_METADATA_KEY = 'config';

interface Industry {
  readonly defaults: JsonObject;
  readonly schema: z.ZodObject;
  readonly override: z.ZodObject;
  readonly paths: ReadonlySet<string>;
}

const industry = (defaults: TenantConfig, schema: z.ZodObject): Industry => ({
  defaults: defaults as unknown as JsonObject,
  schema,
  override: overrideSchemaOf(schema),
  paths: new Set(keyPaths(schema)),
});

const INDUSTRIES: Record<AppType, Industry> = {
  trucking: industry(TRUCKING_DEFAULTS, truckingTenantConfigSchema),
  serviceRepair: industry(SERVICE_REPAIR_DEFAULTS, serviceRepairTenantConfigSchema),
};

/** The overrides stored in a tenant's metadata (`{}` when there are none), in today's vocabulary. */
export const storedOverride = (metadata: unknown): unknown => upgradeStored(isPlainObject(metadata) ? metadata[CONFIG_METADATA_KEY] : undefined);

/**
 * Overrides stored under an earlier vocabulary, read under today's: the configuration's priority
 * `urgent` is `emergency` since it was made the work order's (docs/CONTRACT.md). An override under
 * the new name wins; the next configuration change stores the new names only.
 */
function upgradeStored(override: unknown): unknown {
  if (!isPlainObject(override) || !isPlainObject(override['workOrders'])) return override;
  const workOrders: JsonObject = { ...override['workOrders'] };
  if (workOrders['defaultPriority'] === 'urgent') workOrders['defaultPriority'] = 'emergency';
  const hours = workOrders['responseHours'];
  if (isPlainObject(hours) && Object.hasOwn(hours, 'urgent')) {
    const { urgent, ...rest } = hours;
    workOrders['responseHours'] = { emergency: urgent, ...rest };
  }
  return { ...override, workOrders };
}

export interface EffectiveConfig<C extends TenantConfig = TenantConfig> {
  readonly config: C;
  /** Dotted paths of the keys the tenant has overridden, e.g. `features.routeOptimization`. */
  readonly overriddenKeys: readonly string[];
}

/** A fresh copy of an industry's defaults. */
export const defaultConfig = <A extends AppType>(appType: A): TenantConfigOf<A> => structuredClone(INDUSTRIES[appType].defaults) as TenantConfigOf<A>;

/**
 * The tenant's effective configuration: its industry's defaults with the overrides stored in its
 * metadata deep-merged over them, and which keys those overrides set.
 * @example effectiveConfig('trucking', { config: { dispatch: { autoAssign: true } } }).overriddenKeys // ['dispatch.autoAssign']
 */
export function effectiveConfig<A extends AppType>(appType: A, metadata: unknown): EffectiveConfig<TenantConfigOf<A>> {
  const { defaults, schema } = INDUSTRIES[appType];
  const { config, overriddenKeys } = mergeAlongSchema(schema, defaults, storedOverride(metadata));
  return { config: config as TenantConfigOf<A>, overriddenKeys };
}

/**
 * The tenant's feature flags for the internal context: its industry's flags as configured, and the
 * other industry's as off. Every flag name of shared/src/features.ts is present.
 */
export function effectiveFlags(appType: AppType, metadata: unknown): Record<Feature, boolean> {
  const flags = Object.fromEntries(APP_TYPES.flatMap((type) => FEATURES[type].map((name) => [name, false]))) as Record<Feature, boolean>;
  const { features } = effectiveConfig(appType, metadata).config as { features: Partial<Record<Feature, boolean>> };
  for (const name of FEATURES[appType]) flags[name] = features[name] ?? true;
  return flags;
}

/**
 * The configuration keys the industry subgraphs act on, by dotted path, with the tenant's values:
 * signed into the internal context beside the flags, so a subgraph never reads core's configuration.
 */
export const SUBGRAPH_SETTING_KEYS: Readonly<Record<AppType, readonly string[]>> = {
  trucking: [
    'tracking.retentionDays',
    'maintenance.blockAssignmentWhenOverdueCritical',
    'dispatch.maxLoadsPerDriver',
    'dispatch.maxDrivingHoursPerDay',
    'dispatch.maxOnDutyHoursPerDay',
    'dispatch.breakAfterDrivingHours',
    'dispatch.cycle',
    'dispatch.hoursOfService',
    'dispatch.averageSpeed',
    'units.distance',
    'workingHours.timezone',
    'units.currency',
    'settlement.payBasis',
    'settlement.ratePerMileCents',
    'settlement.ratePerLoadCents',
    'settlement.lineHaulShareBasisPoints',
    'maintenance.serviceIntervalMiles',
    'maintenance.serviceIntervalDays',
    'maintenance.inspectionIntervalDays',
    'maintenance.reminderLeadDays',
    'dispatch.autoAssign',
    'tracking.locationIntervalSeconds',
    'units.weight',
    'workingHours.days',
    'workingHours.start',
    'workingHours.end',
  ],
  serviceRepair: [
    'dispatch.emergencyPreemption',
    'dispatch.maxJobsPerTechnicianPerDay',
    'dispatch.defaultJobDurationMinutes',
    'dispatch.travelBufferMinutes',
    'dispatch.autoDispatch',
    'dispatch.maxTravelDistance',
    'units.distance',
    'units.currency',
    'workingHours.timezone',
    'workingHours.days',
    'workingHours.start',
    'workingHours.end',
    'billing.taxRateBasisPoints',
    'billing.quoteValidDays',
    'billing.labourRateCents',
    'maintenance.warrantyDays',
    'maintenance.followUpDays',
    'inventory.lowStockThreshold',
    'inventory.allowNegativeStock',
    'workOrders.responseHours.low',
    'workOrders.responseHours.normal',
    'workOrders.responseHours.high',
    'workOrders.responseHours.emergency',
    'workOrders.defaultPriority',
  ],
};

/**
 * The tenant's effective values of `SUBGRAPH_SETTING_KEYS` for its industry. A list of strings
 * (`workingHours.days`) is signed as its values joined by commas, since a setting is a scalar.
 */
export function effectiveSettings(appType: AppType, metadata: unknown): Record<string, TenantSetting> {
  const { config } = effectiveConfig(appType, metadata);
  const settings: Record<string, TenantSetting> = {};
  for (const key of SUBGRAPH_SETTING_KEYS[appType]) {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], config);
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') settings[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) settings[key] = value.join(',');
  }
  return settings;
}

/** The flags of the tenant's own industry, in the order of shared/src/features.ts. */
export const featureFlagsOf = (appType: AppType, config: TenantConfig): { name: Feature; enabled: boolean }[] =>
  FEATURES[appType].map((name) => ({ name, enabled: (config.features as Partial<Record<Feature, boolean>>)[name] ?? true }));

export interface ConfigChange {
  /** A partial override, validated by the industry's schema; unknown keys are refused. */
  set?: unknown;
  /** Dotted key paths whose overrides are removed (a section path removes all of them); applied before `set`. */
  clear?: readonly string[] | null;
}

export interface ConfigIssue {
  path: string;
  message: string;
}

export type ConfigChangeResult =
  { ok: true; override: JsonObject; previous: JsonObject; config: TenantConfig; overriddenKeys: readonly string[] } | { ok: false; issues: ConfigIssue[] };

/**
 * Applies a change to the overrides in a tenant's metadata, without storing anything: the new
 * override object to store and the effective configuration it gives, or every problem found. A
 * change that fails validation must store nothing.
 */
export function applyConfigChange(appType: AppType, metadata: unknown, change: ConfigChange): ConfigChangeResult {
  const { defaults, schema, override, paths } = INDUSTRIES[appType];
  const issues: ConfigIssue[] = [];
  let set: JsonObject = {};
  if (change.set !== undefined && change.set !== null) {
    const parsed = override.safeParse(change.set);
    if (parsed.success) set = parsed.data as JsonObject;
    else issues.push(...parsed.error.issues.map((issue) => ({ path: ['set', ...issue.path.map(String)].join('.'), message: issue.message })));
  }
  for (const path of change.clear ?? []) {
    if (!paths.has(path)) issues.push({ path: 'clear', message: `Unknown configuration key "${path}".` });
  }
  if (issues.length > 0) return { ok: false, issues };

  const previous = mergeAlongSchema(schema, defaults, storedOverride(metadata)).kept;
  const next = structuredClone(previous);
  for (const path of change.clear ?? []) deletePath(next, path.split('.'));
  deepAssign(next, set);
  const merged = mergeAlongSchema(schema, defaults, next);
  const full = schema.safeParse(merged.config);
  if (!full.success) {
    return { ok: false, issues: full.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  }
  return { ok: true, override: merged.kept, previous, config: merged.config as TenantConfig, overriddenKeys: merged.overriddenKeys };
}
