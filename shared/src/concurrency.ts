import { z } from 'zod';
import { DEFAULT_REQUEST_DEADLINE_MS, DEFAULT_WORK_LIMITS, type WorkLimits } from './work';

// Every limit on how much of a tenant's work runs at once, and for how long, in one place: the
// variables that set them, their defaults, and the functions that turn a configuration into what each
// tier enforces. The gateway and the subgraphs read their limits from here and nowhere else; the
// limiters themselves (the gateway's UserInFlight and TenantCostInFlight, the subgraph's WorkLimiter)
// only enforce the numbers they are given. docs/SCALING.md says how the limits relate.
//
// From the outside in, a request of one user of one tenant passes:
//   1. the gateway's slots per user (USER_IN_FLIGHT, waited for USER_IN_FLIGHT_WAIT_MS at most);
//   2. the gateway's estimated cost per tenant running at once (TENANT_COST_IN_FLIGHT);
//   3. in each subgraph, the slots for expensive work per tenant and in all (WORK_PER_TENANT,
//      WORK_TOTAL, WORK_QUEUE_PER_TENANT);
// all of it under one clock: REQUEST_DEADLINE_MS from its arrival at the gateway, of which each
// subgraph is told what is left, and which it shortens to SUBGRAPH_DEADLINE_MS of its own.

/** Requests of one user that may wait for a slot at the gateway; more are refused at once (429). */
export const USER_QUEUE = 64;
/** Connections the gateway keeps open to one subgraph at most (per protocol): requests beyond them queue in the agent. */
export const SUBGRAPH_SOCKETS = 256;

const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The gateway's variables (part of its environment). */
export const gatewayConcurrencyEnv = {
  /** Requests of one user of a tenant executed at once; more wait (USER_IN_FLIGHT_WAIT_MS at most, then 429). */
  USER_IN_FLIGHT: count(1, 1_000, 16),
  USER_IN_FLIGHT_WAIT_MS: count(0, 60_000, 2_000),
  /**
   * The time one request may take at the gateway in all, its wait for the user's slot included: the
   * subgraphs are told what is left (and stop their work with DEADLINE_EXCEEDED when it runs out).
   */
  REQUEST_DEADLINE_MS: count(500, 60_000, 5_000),
  /**
   * The estimated cost of one tenant's operations running at once in this gateway (twice the cost limit
   * of one operation by default); more wait for their turn within their request's time, then 429.
   */
  TENANT_COST_IN_FLIGHT: z.coerce.number().int().min(1).default(20_000),
};

/** Every subgraph's variables (part of `subgraphBaseEnv`). */
export const subgraphConcurrencyEnv = {
  /** Pieces of expensive work (route optimisation, polygons, their writes) one tenant runs at once in a subgraph process. */
  WORK_PER_TENANT: count(1, 64, DEFAULT_WORK_LIMITS.perTenant),
  /** Pieces of expensive work running at once in a subgraph process, all tenants together. */
  WORK_TOTAL: count(1, 256, DEFAULT_WORK_LIMITS.total),
  /** Pieces of one tenant waiting for a slot (until their deadline); more are refused at once (RATE_LIMITED). */
  WORK_QUEUE_PER_TENANT: count(0, 1_000, DEFAULT_WORK_LIMITS.queuePerTenant),
  /** The longest one request works in a subgraph; the gateway's header can only shorten it. */
  SUBGRAPH_DEADLINE_MS: count(100, 60_000, DEFAULT_REQUEST_DEADLINE_MS),
};

const gatewaySchema = z.object(gatewayConcurrencyEnv);
const subgraphSchema = z.object(subgraphConcurrencyEnv);
export type GatewayConcurrencyConfig = z.infer<typeof gatewaySchema>;
export type SubgraphConcurrencyConfig = z.infer<typeof subgraphSchema>;

/** What the gateway enforces. */
export interface GatewayConcurrency {
  /** The slots per user: how many run, how long one waits, how many wait. */
  readonly userInFlight: { readonly perUser: number; readonly waitMs: number; readonly queuePerUser: number };
  /** The estimated cost one tenant has running at once. */
  readonly tenantCostInFlight: number;
  /** A request's time in all, from its arrival. */
  readonly requestDeadlineMs: number;
  /** Connections to one subgraph. */
  readonly subgraphSockets: number;
}

/** What a subgraph enforces. */
export interface SubgraphConcurrency {
  readonly work: WorkLimits;
  /** A request's time in the subgraph (the gateway may give less). */
  readonly deadlineMs: number;
}

/** The gateway's limits from its configuration (defaults for what it does not set). */
export function gatewayConcurrency(config: Partial<GatewayConcurrencyConfig> = {}): GatewayConcurrency {
  const c = gatewaySchema.parse(config);
  return {
    userInFlight: { perUser: c.USER_IN_FLIGHT, waitMs: c.USER_IN_FLIGHT_WAIT_MS, queuePerUser: USER_QUEUE },
    tenantCostInFlight: c.TENANT_COST_IN_FLIGHT,
    requestDeadlineMs: c.REQUEST_DEADLINE_MS,
    subgraphSockets: SUBGRAPH_SOCKETS,
  };
}

/** A subgraph's limits from its configuration (defaults for what it does not set: tests pass none). */
export function subgraphConcurrency(config: Partial<SubgraphConcurrencyConfig> = {}): SubgraphConcurrency {
  const c = subgraphSchema.parse(config);
  return {
    work: { perTenant: c.WORK_PER_TENANT, total: c.WORK_TOTAL, queuePerTenant: c.WORK_QUEUE_PER_TENANT },
    deadlineMs: c.SUBGRAPH_DEADLINE_MS,
  };
}
