import { type BenchResults } from './results';
import { fmt, formatSummary } from './stats';

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetVerdict {
  readonly id: string;
  /** The target as issue #8 states it. */
  readonly target: string;
  readonly measured: string;
  readonly status: TargetStatus;
  /** By how much it was missed; empty when met or not measured. */
  readonly shortfall: string;
  /** Why it was missed (or why it could not be measured), from what the run observed. */
  readonly why: string;
}

/** How far `measured` falls short of `measured ≥ threshold`, e.g. "0.12 below (24 % short)". */
export function shortfallAtLeast(measured: number, threshold: number): string {
  if (measured >= threshold) return '';
  const gap = threshold - measured;
  return `${fmt(gap)} below the target (${fmt((gap / threshold) * 100)} % short)`;
}

/** How far `measured` exceeds `measured ≤ limit`, e.g. "9.1× the limit (7.8 over)". */
export function shortfallAtMost(measured: number, limit: number): string {
  if (measured <= limit) return '';
  return `${fmt(measured / limit)}× the limit (${fmt(measured - limit)} over)`;
}

const pair = (results: BenchResults, id: string) => results.pairs.find((p) => p.id === id);
const cpuOf = (results: BenchResults, process: string, query: string) => results.cpu.find((c) => c.process === process && c.query === query);

/** The targets of issue #8, evaluated against one run's results. */
export function evaluateTargets(results: BenchResults): TargetVerdict[] {
  return [gatewayOverDirect(results), oursOverHive(results), constantCommands(results), warmDirectory(results), tenfold(results)];
}

function gatewayOverDirect(results: BenchResults): TargetVerdict {
  const target = 'gateway / direct throughput ≥ 0.5 on a single-subgraph query';
  const p = pair(results, 'gateway-vs-direct');
  if (!p) return { id: 'T1', target, measured: '—', status: 'not measured', shortfall: '', why: failureOf(results, 'gateway-vs-direct') };
  const ratio = p.ratio.median;
  const met = ratio >= 0.5;
  const cpu = cpuOf(results, 'our gateway', p.query);
  const core = cpuOf(results, 'core subgraph (direct)', p.query);
  const why = met
    ? ''
    : `Through the gateway every request is also authenticated (JWT), checked against the cached directory, rate- and cost-limited, planned and re-sent to the subgraph with a freshly signed internal context${
        cpu ? ` — ${fmt(cpu.msPerRequest.median)} ms of gateway CPU per request` : ''
      }${core ? `, against ${fmt(core.msPerRequest.median)} ms that the subgraph itself spends on the request sent directly` : ''}. On this ${
        results.machine.cores
      }-core machine the gateway, the subgraph, the database and the load generator share the cores, so gateway CPU is taken from the subgraph's throughput: for an operation this cheap the gateway's fixed cost per request is of the same order as the whole subgraph's.`;
  return { id: 'T1', target, measured: formatSummary(p.ratio), status: met ? 'met' : 'missed', shortfall: shortfallAtLeast(ratio, 0.5), why };
}

function oursOverHive(results: BenchResults): TargetVerdict {
  const target = 'our gateway ≥ Hive Gateway on the fan-out query (throughput ratio ≥ 1)';
  const p = pair(results, 'gateway-vs-hive');
  if (!p) {
    const why = results.hiveError ? `Hive Gateway could not be run: ${results.hiveError}` : failureOf(results, 'gateway-vs-hive');
    return { id: 'T2', target, measured: '—', status: 'not measured', shortfall: '', why };
  }
  const ratio = p.ratio.median;
  const met = ratio >= 1;
  const ours = cpuOf(results, 'our gateway', p.query);
  const hive = cpuOf(results, 'Hive Gateway', p.query);
  const cpu = ours && hive ? ` CPU per request: ours ${fmt(ours.msPerRequest.median)} ms, Hive Gateway ${fmt(hive.msPerRequest.median)} ms.` : '';
  const spread =
    p.ratio.min <= 1 && p.ratio.max >= 1 ? `The median is within the rounds' spread (${fmt(p.ratio.min)}–${fmt(p.ratio.max)}): this run does not separate the two. ` : '';
  const direct = pair(results, 'gateway-vs-direct');
  const dbBound =
    direct && p.a.rps.median < direct.a.rps.median / 10
      ? `At this data size the fan-out query is bound by the database (${fmt(p.a.rps.median)} req/s, against ${fmt(direct.a.rps.median)} req/s for the core-only ${direct.query} through the same gateway): so both gateways mostly wait on the same subgraphs and the database, and their own cost shows in CPU per request. `
      : '';
  const why = met
    ? ''
    : `${spread}${dbBound}Our gateway also does more per request than the Hive Gateway set-up measured here: JWT verification, tenant resolution and parent verification (cached), rate and cost budgets, depth/alias/token limits, an access-log line and metrics, and one internal context signed per subgraph fetch (Hive signs one per fetch too, for a fixed tenant and user).${cpu}`;
  // Judged on the like-for-like pair (deduplication off on both); the default configurations are shown beside it.
  const defaults = pair(results, 'gateway-vs-hive-default');
  const measured = `${formatSummary(p.ratio)}${defaults ? ` (both in their default configuration, deduplication on: ${formatSummary(defaults.ratio)})` : ''}`;
  return { id: 'T2', target, measured, status: met ? 'met' : 'missed', shortfall: shortfallAtLeast(ratio, 1), why };
}

function constantCommands(results: BenchResults): TargetVerdict {
  const target = 'database commands per nested list request constant in list size';
  if (results.commands.length === 0) return { id: 'T3', target, measured: '—', status: 'not measured', shortfall: '', why: failureOf(results, 'commands') };
  const parts = results.commands.map((c) => `${c.query}: ${c.sizes.map((s) => `${s.batched}`).join(' / ')} at first = ${c.sizes.map((s) => s.first).join(' / ')}`);
  const growing = results.commands.filter((c) => new Set(c.sizes.map((s) => s.batched)).size > 1);
  const met = growing.length === 0;
  const shortfall = growing
    .map((c) => {
      const first = c.sizes[0]!;
      const last = c.sizes.at(-1)!;
      const perItem = (last.batched - first.batched) / Math.max(1, last.returned - first.returned);
      return `${c.query}: +${last.batched - first.batched} commands from ${first.first} to ${last.first} items (${fmt(perItem)} per item)`;
    })
    .join('; ');
  const why = met ? '' : 'A relation of the list is read outside a per-request loader (or a loader batch is split), so commands grow with the number of items.';
  return { id: 'T3', target, measured: parts.join('; '), status: met ? 'met' : 'missed', shortfall, why };
}

function warmDirectory(results: BenchResults): TargetVerdict {
  const target = '0 database commands for tenant resolution and parent verification on a warm cache';
  const d = results.directory;
  if (!d) return { id: 'T4', target, measured: '—', status: 'not measured', shortfall: '', why: failureOf(results, 'directory') };
  const perRequest = d.metricReads / d.requests;
  const met = d.metricReads === 0 && d.gatewayCommands === 0;
  const measured = `${fmt(perRequest)} per request (${d.metricReads} directory reads and ${d.gatewayCommands} gateway commands over ${d.requests} warm requests)`;
  const why = met
    ? ''
    : 'The directory cache did not hold the tenant and user for the whole run: a TTL shorter than the run, or a cache key that differs between requests.';
  return { id: 'T4', target, measured, status: met ? 'met' : 'missed', shortfall: met ? '' : `${fmt(perRequest)} commands per request over 0`, why };
}

function tenfold(results: BenchResults): TargetVerdict {
  const target = "one tenant's list latency ratio ≤ 1.3 when the other tenants' data grows tenfold";
  const t = results.tenfold;
  if (!t) return { id: 'T5', target, measured: '—', status: 'not measured', shortfall: '', why: failureOf(results, 'tenfold') };
  const met = t.ratio <= 1.3;
  let why = '';
  if (!met) {
    why =
      t.explain.filterPushdown === false
        ? `The database reads the whole collection for every list query: FerretDB 1.24's SQLite backend pushes down only filters of the form {_id: <value>} (explain: filterPushdown ${String(t.explain.filterPushdown)}, sortPushdown ${String(
            t.explain.sortPushdown,
          )}, plan "${t.explain.plan.join('; ')}"). The parentCompany index exists as an SQLite index but is never used to read; FerretDB decodes every document of every tenant, filters and sorts them itself. Latency therefore follows the size of the whole collection, not of the tenant's share. On MongoDB (MONGODB_URI) the {parentCompany, …, _id} indexes serve the same query.`
        : `Latency grew with other tenants' data although the plan ${t.explain.usesIndex ? 'uses' : 'does not use'} an index (${t.explain.plan.join('; ')}).`;
  }
  return {
    id: 'T5',
    target,
    measured: `${fmt(t.ratio)} (${fmt(t.before.median)} ms → ${fmt(t.after.median)} ms)`,
    status: met ? 'met' : 'missed',
    shortfall: shortfallAtMost(t.ratio, 1.3),
    why,
  };
}

function failureOf(results: BenchResults, measurement: string): string {
  const failure = results.failures.find((f) => f.measurement === measurement);
  return failure ? `The measurement failed: ${failure.error}` : 'Not run.';
}
