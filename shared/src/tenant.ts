import { type PlacementRef } from './tenancy/placement';

/** The two industries one deployment serves. */
export const APP_TYPES = ['trucking', 'serviceRepair'] as const;
export type AppType = (typeof APP_TYPES)[number];

/** A tenant slug as the contract defines it. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * Who is calling, built once per request by the gateway and rebuilt by each subgraph from the
 * signed internal context. Read-only; there is no "no tenant" value.
 */
export interface TenantContext {
  readonly tenantId: string;
  readonly slug: string;
  readonly appType: AppType;
  readonly userId: string;
  readonly roles: readonly string[];
  /** Effective feature flags of the tenant (industry defaults merged with its overrides). */
  readonly flags: Readonly<Record<string, boolean>>;
  /**
   * The tenant's values of the configuration keys the subgraphs act on (e.g. `tracking.retentionDays`),
   * from core's configuration; a key that is absent means the subgraph's default.
   */
  readonly settings?: Readonly<Record<string, TenantSetting>>;
  /** The request's id, given by the gateway (the `X-Request-Id` response header). */
  readonly requestId: string;
  /** The `X-Request-Id` the client sent, if any: kept for correlation, labelled as the client's, never the request's id. */
  readonly clientRequestId?: string;
  /** Where the tenant's data lives (tenancy/placement.ts); absent means pooled. Never the URI. */
  readonly placement?: PlacementRef;
}

/** A value of a tenant's configuration key as it travels in the internal context. */
export type TenantSetting = number | boolean | string;

/** Freezes a tenant context so no resolver can change who the request is for. */
export function freezeTenant(tenant: TenantContext): TenantContext {
  return Object.freeze({
    ...tenant,
    roles: Object.freeze([...tenant.roles]),
    flags: Object.freeze({ ...tenant.flags }),
    settings: Object.freeze({ ...tenant.settings }),
  });
}
