import { signInternalContext, type InternalContextKey, type Logger, type TenantContext } from '@attunelogic/shared';
import { type Budgets } from './rate-limit';
import { type TenantRecord } from '@attunelogic/shared/tenancy';

/** The per-request context of the gateway, built after parent verification. */
export interface GatewayContext {
  readonly tenant: TenantContext;
  readonly budgets: Budgets;
  readonly paymentStatus: TenantRecord['paymentStatus'];
  readonly log: Logger;
  /** Filled in by the gateway's plugins as the request runs: what metrics and the access log record. */
  readonly report: { operation?: string; outcome?: string };
  /** The internal context for one subgraph, signed at most once per request and subgraph. */
  internalContextFor(subgraph: string): Promise<string>;
}

export function createGatewayContext(tenant: TenantContext, record: TenantRecord, budgets: Budgets, log: Logger, key: InternalContextKey): GatewayContext {
  const signed = new Map<string, Promise<string>>();
  return {
    tenant,
    budgets,
    paymentStatus: record.paymentStatus,
    log,
    report: {},
    internalContextFor(subgraph) {
      let token = signed.get(subgraph);
      if (!token) {
        token = signInternalContext(key, subgraph, tenant);
        signed.set(subgraph, token);
      }
      return token;
    },
  };
}
