import { featureDisabled } from './errors/domain-error';
import { type Feature } from './features';
import { type AppType, type TenantContext } from './tenant';

/**
 * Refuses an operation of the other industry, or one whose feature flag the tenant has switched
 * off, with `FEATURE_DISABLED`. A flag absent from the context counts as on for the right industry.
 */
export function requireFeature(tenant: TenantContext, appType: AppType, feature: Feature): void {
  if (tenant.appType !== appType) throw featureDisabled(feature);
  if (tenant.flags[feature] === false) throw featureDisabled(feature);
}
