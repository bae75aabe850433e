import { requirePermission, type AppType, type Lean } from '@attunelogic/shared';
import { badInput, conflict, notFound } from '@attunelogic/shared/errors';
import { type CoreContext } from '../models';
import { type TenantDocument } from '../tenants/tenants.model';
import { applyConfigChange, effectiveConfig, flattenForDiff, type ConfigChange, type EffectiveConfig } from '@attunelogic/shared/tenancy';

/** What `tenantConfig` and `updateTenantConfig` return. */
export interface TenantConfigView extends EffectiveConfig {
  readonly appType: AppType;
}

/** Optimistic writes retried this often when another write to the same tenant's configuration lands between read and write. */
const MAX_ATTEMPTS = 25;

type TenantConfigRecord = Pick<Lean<TenantDocument>, '_id' | 'appType' | 'metadata'>;

const readTenant = async (ctx: CoreContext): Promise<TenantConfigRecord> => {
  const tenant = await ctx.models.Tenant.findById(ctx.tenant.tenantId).select({ appType: 1, metadata: 1 }).lean<TenantConfigRecord>();
  if (!tenant) throw notFound('Tenant');
  return tenant;
};

const view = (tenant: TenantConfigRecord): TenantConfigView => ({ appType: tenant.appType, ...effectiveConfig(tenant.appType, tenant.metadata) });

/** The tenant's effective configuration (defaults merged with its overrides), cached per tenant. */
export async function getTenantConfig(ctx: CoreContext): Promise<TenantConfigView> {
  requirePermission(ctx.tenant, 'config:read');
  const cached = await ctx.models.configCache.get(ctx.tenant.tenantId, async () => view(await readTenant(ctx)));
  return cached as TenantConfigView;
}

/**
 * Sets and clears overrides. A change the industry's schema refuses is `BAD_USER_INPUT` and stores
 * nothing. The write is a compare-and-set on `metadata.configVersion`, so two concurrent changes
 * never lose one another's keys: the later one is recomputed on the stored result.
 */
export async function updateTenantConfig(ctx: CoreContext, change: ConfigChange): Promise<TenantConfigView> {
  requirePermission(ctx.tenant, 'config:write');
  const { Tenant, configCache } = ctx.models;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const tenant = await readTenant(ctx);
    const result = applyConfigChange(tenant.appType, tenant.metadata, change);
    if (!result.ok) throw badInput('Invalid configuration.', { issues: result.issues });
    const version = typeof tenant.metadata?.['configVersion'] === 'number' ? tenant.metadata['configVersion'] : null;
    const updated = await Tenant.findOneAndUpdate(
      { _id: tenant._id, 'metadata.configVersion': version },
      { $set: { 'metadata.config': result.override, 'metadata.configVersion': (version ?? 0) + 1 } },
      { returnDocument: 'after' },
    ).lean<TenantConfigRecord>();
    if (!updated) {
      // Someone else's write landed first: back off a little longer each time, with jitter.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
      continue;
    }
    configCache.delete(ctx.tenant.tenantId);
    ctx.audit.record('TenantConfig', tenant._id.toHexString(), flattenForDiff(result.previous), flattenForDiff(result.override));
    return view(updated);
  }
  throw conflict('The configuration was changed by several requests at once; try again.');
}
