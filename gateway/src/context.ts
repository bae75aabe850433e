import { signInternalContext, type InternalContextKey, type Logger, type TenantContext } from '@attunelogic/shared';
import { type Budgets } from './rate-limit';
import { type TenantRecord } from '@attunelogic/shared/tenancy';

/** The per-request context of the gateway, built after parent verification. */
export interface GatewayContext {
  readonly tenant: TenantContext;
  readonly budgets: Budgets;
  readonly paymentStatus: TenantRecord['paymentStatus'];
  /** A move of the tenant's data holds its writes (plugins/placement-hold.ts). */
  readonly writesHeld: boolean;
  readonly log: Logger;
  /** Filled in by the gateway's plugins as the request runs: what metrics and the access log record. */
  readonly report: { operation?: string; outcome?: string };
  /** When the request must be answered, in `performance.now()` milliseconds: the subgraphs get what is left. */
  readonly deadlineAt: number;
  /**
   * A new internal context for one fetch from a subgraph: each has its own `jti`, which the subgraph
   * accepts once, so a plan that fetches a subgraph twice signs twice (0.13 to 0.16 ms of CPU each, docs/CONTRACT.md).
   */
  internalContextFor(subgraph: string): Promise<string>;
}

export function createGatewayContext(
  tenant: TenantContext,
  record: TenantRecord,
  budgets: Budgets,
  log: Logger,
  key: InternalContextKey,
  deadlineAt: number,
): GatewayContext {
  return {
    tenant,
    budgets,
    paymentStatus: record.paymentStatus,
    writesHeld: record.writesHeld,
    log,
    report: {},
    deadlineAt,
    internalContextFor: (subgraph) => signInternalContext(key, subgraph, tenant),
  };
}
