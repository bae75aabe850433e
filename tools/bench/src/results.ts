import { type Summary } from './stats';

/** One side of an interleaved pair: its rounds summarised. */
export interface SideResult {
  readonly label: string;
  /** Successful (2xx) responses per second, one sample per round. */
  readonly rps: Summary;
  /** Median latency of each round, in ms. */
  readonly p50Ms: Summary;
  /** 99th-percentile latency of each round, in ms. */
  readonly p99Ms: Summary;
  readonly requests: number;
  /** Responses that were not 2xx, and connection errors or timeouts, over all rounds. */
  readonly failures: number;
}

/** Two variants measured A, B, A, B… in one run, with the per-round throughput ratio A / B. */
export interface PairResult {
  readonly id: string;
  readonly title: string;
  /** What was sent, as a short name (the operations themselves are listed in the report). */
  readonly query: string;
  readonly connections: number;
  /** Whether the database bounds the pair's throughput (both sides wait on the same queries), so it compares the database more than A and B. */
  readonly databaseBound: boolean;
  readonly a: SideResult;
  readonly b: SideResult;
  /** Throughput of A divided by throughput of B, per round. */
  readonly ratio: Summary;
  /** Latency A adds over B: difference of the per-round medians, in ms. */
  readonly addedLatencyMs: Summary;
}

/** Database commands one request costs, per list size, with and without loader batching. */
export interface CommandCounts {
  readonly query: string;
  readonly sizes: readonly { readonly first: number; readonly batched: number; readonly unbatched: number; readonly returned: number }[];
}

export interface DirectoryResult {
  readonly requests: number;
  /** Increase of `attunelogic_gateway_directory_reads_total` over the warm requests. */
  readonly metricReads: number;
  /** Commands on the gateway's own database connection over the same number of warm requests (in-process stack). */
  readonly gatewayCommands: number;
  /** Reads while the cache was cold (first request), for contrast. */
  readonly coldReads: number;
}

export interface TenfoldResult {
  readonly collection: string;
  readonly query: string;
  /** Documents of the listing tenant, and of all the other tenants before and after growing theirs. */
  readonly ownDocuments: number;
  readonly othersBefore: number;
  readonly othersAfter: number;
  readonly before: Summary;
  readonly after: Summary;
  /** after.median / before.median. */
  readonly ratio: number;
  readonly insertSeconds: number;
  readonly explain: ExplainResult;
}

/** A mutation's latency while the tenant's audit chain grows (every mutation appends one event). */
export interface AuditGrowthResult {
  readonly query: string;
  readonly eventsBefore: number;
  readonly eventsAfter: number;
  readonly before: Summary;
  readonly after: Summary;
  /** after.median / before.median. */
  readonly ratio: number;
  /** Reading the newest event by sorting the chain (what an append read before the head document), in ms. */
  readonly newestEventReadMs: { readonly before: Summary; readonly after: Summary };
  readonly insertSeconds: number;
}

/** What the database says about the tenant list query (FerretDB's explain differs from MongoDB's). */
export interface ExplainResult {
  readonly filterPushdown: boolean | null;
  readonly sortPushdown: boolean | null;
  readonly limitPushdown: boolean | null;
  /** The backend's plan lines (SQLite `EXPLAIN QUERY PLAN` under FerretDB; winningPlan stages under MongoDB). */
  readonly plan: readonly string[];
  /** Whether an index on parentCompany serves the query, as far as the plan shows. */
  readonly usesIndex: boolean;
}

export interface CpuResult {
  readonly process: string;
  readonly query: string;
  readonly requests: number;
  readonly msPerRequest: Summary;
}

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  /** 1-minute load average at the start and the end of the run: other work on the machine shows here. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

export interface BenchResults {
  readonly generatedAt: string;
  readonly profile: 'quick' | 'full';
  readonly durationSeconds: number;
  readonly machine: MachineInfo;
  readonly dataset: { readonly tenants: number; readonly documents: number; readonly collections: Readonly<Record<string, number>>; readonly seedSeconds: number };
  /** Operation name → GraphQL text. */
  readonly queries: Readonly<Record<string, string>>;
  /** Which nested list queries the schema allowed, and why a fallback was used. */
  readonly queryNotes: readonly string[];
  readonly pairs: readonly PairResult[];
  readonly commands: readonly CommandCounts[];
  readonly directory: DirectoryResult | null;
  readonly tenfold: TenfoldResult | null;
  readonly auditGrowth: AuditGrowthResult | null;
  readonly cpu: readonly CpuResult[];
  /** Why Hive Gateway could not be measured, when it could not. */
  readonly hiveError: string | null;
  /** Measurements that failed, with the error; the rest of the report still stands. */
  readonly failures: readonly { readonly measurement: string; readonly error: string }[];
}
