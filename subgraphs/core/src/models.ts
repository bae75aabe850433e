import { type Connection } from 'mongoose';
import { createAuditModels, type AuditModels } from '@attunelogic/shared';
import { type SubgraphContext } from '@attunelogic/shared/subgraph';
import { TtlCache } from './config/cache';
import { type EffectiveConfig } from '@attunelogic/shared/tenancy';
import { apiClientModel, type ApiClientModel } from './api-clients/api-clients.model';
import { tenantModel, type TenantModel } from './tenants/tenants.model';
import { userModel, type UserModel } from './users/users.model';
import { tenantExportModel, type TenantExportModel } from './portability/tenant-exports.model';
import { webhookEndpointModel, type WebhookEndpointModel } from './webhooks/webhooks.model';
import { DEVELOPMENT_WEBHOOK_SECRET_KEYS, parseSecretKeys, webhookDeliveryModel, type SecretKeyring, type WebhookDeliveryModel } from '@attunelogic/shared/events';

/** How long core trusts an effective configuration it has read, unless it wrote it itself. */
export const CONFIG_CACHE_TTL_MS = 30_000;

export interface CoreModels {
  /** The tenants (collection `customers`). */
  readonly Tenant: TenantModel;
  readonly User: UserModel;
  /** Partners' API clients (client credentials), read by the authorization server and the gateway. */
  readonly ApiClient: ApiClientModel;
  /** Partners' webhook endpoints (collection `webhookendpoints`). */
  readonly WebhookEndpoint: WebhookEndpointModel;
  /** Their deliveries (collection `webhookdeliveries`), written by the events process's dispatcher: core lists and replays them. */
  readonly WebhookDelivery: WebhookDeliveryModel;
  /** The archives owners asked for (`exportTenantData`), downloadable for a day. */
  readonly TenantExport: TenantExportModel;
  /** The audit log of every subgraph, on the audit database: core reads and verifies it. */
  readonly audit: AuditModels;
  /** Effective configurations by tenant id; a write through core drops the tenant's entry. */
  readonly configCache: TtlCache<EffectiveConfig>;
  /** The keys webhook signing secrets are sealed with (WEBHOOK_SECRET_KEYS). */
  readonly webhookSecrets: SecretKeyring;
}

export interface CoreModelOptions {
  /** The audit database; `connection` when absent (tests). */
  auditConnection?: Connection;
  configCacheTtlMs?: number;
  /** Default: the development keyring (tests, tools). */
  webhookSecrets?: SecretKeyring;
}

/** Every model of the core subgraph; safe to call again on the same connection (the cache is new each time). */
export function createCoreModels(connection: Connection, options: CoreModelOptions = {}): CoreModels {
  return {
    Tenant: tenantModel(connection),
    User: userModel(connection),
    ApiClient: apiClientModel(connection),
    WebhookEndpoint: webhookEndpointModel(connection),
    WebhookDelivery: webhookDeliveryModel(connection),
    TenantExport: tenantExportModel(connection),
    audit: createAuditModels(options.auditConnection ?? connection),
    configCache: new TtlCache<EffectiveConfig>(options.configCacheTtlMs ?? CONFIG_CACHE_TTL_MS),
    webhookSecrets: options.webhookSecrets ?? parseSecretKeys(DEVELOPMENT_WEBHOOK_SECRET_KEYS),
  };
}

/** What the core subgraph's resolvers receive. */
export type CoreContext = SubgraphContext<CoreModels>;
