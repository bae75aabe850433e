import autocannon from 'autocannon';
import { type PairResult, type SideResult } from './results';
import { fmt, pairedRatios, summarize } from './stats';

/** Where and what to send: built fresh for every round (internal contexts live at most 60 s). */
export interface Target {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Headers made anew for every request (a subgraph accepts each internal context once). */
  readonly perRequest?: () => Record<string, string>;
}

export interface RoundResult {
  /** 2xx responses per second. */
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly ok: number;
  readonly failures: number;
  readonly seconds: number;
}

/** How long a round runs: a duration, or a number of requests for a side too slow to fill one. */
export type RoundSize = { readonly seconds: number } | { readonly requests: number };

/** Requests that take longer than this fail (a nested list without loaders is slow on FerretDB). */
const REQUEST_TIMEOUT_SECONDS = 120;

/** One closed-loop autocannon run against `target`. */
export async function runRound(target: Target, connections: number, size: RoundSize): Promise<RoundResult> {
  const started = performance.now();
  let lastResponse = started;
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers: { ...target.headers },
    body: target.body,
    ...(target.perRequest ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, headers: { ...req.headers, ...target.perRequest!() } }) }] } : {}),
    connections,
    timeout: REQUEST_TIMEOUT_SECONDS,
    ...('seconds' in size ? { duration: size.seconds } : { amount: size.requests }),
    // The returned tracker is an event emitter as well as a promise (typed only as the promise).
  }) as Promise<autocannon.Result> & { on(event: 'response', listener: () => void): void };
  instance.on('response', () => {
    lastResponse = performance.now();
  });
  const result = await instance;
  // Elapsed time up to the last response: autocannon notices that `amount` requests are done only
  // at its next one-second tick, which would round a short round's duration up.
  const seconds = Math.max(lastResponse - started, 1) / 1000;
  const ok = result['2xx'];
  return {
    rps: ok / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.mean,
    ok,
    failures: result.non2xx + result.errors,
    seconds,
  };
}

/** One side of a pair. */
export interface Side {
  readonly label: string;
  readonly target: () => Promise<Target>;
}

export interface PairOptions {
  readonly id: string;
  readonly title: string;
  readonly query: string;
  readonly databaseBound: boolean;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly log: (line: string) => void;
}

/**
 * How to size a side's rounds from its warm-up: a fixed duration when it completes plenty of
 * requests in one (the requests cut off at the end then hardly matter), otherwise the number of
 * requests that fills about one round at the warm-up's rate.
 */
export function roundSizeFor(warmupRps: number, roundSeconds: number, connections: number): RoundSize {
  const expected = warmupRps * roundSeconds;
  if (expected >= 20 * connections) return { seconds: roundSeconds };
  return { requests: Math.max(connections, Math.round(expected)) };
}

/** A and B interleaved: warm-up of each, then A, B, A, B… rounds; ratios per round. */
export async function runPair(a: Side, b: Side, options: PairOptions): Promise<PairResult> {
  const sides = [a, b] as const;
  const sizes: RoundSize[] = [];
  for (const side of sides) {
    const warm = await runRound(await side.target(), options.connections, { seconds: options.warmupSeconds });
    let rps = warm.rps;
    if (warm.ok === 0) {
      // Nothing finished within the warm-up: time one request on its own.
      const single = await runRound(await side.target(), 1, { requests: 1 });
      rps = options.connections / Math.max(single.seconds, 0.001);
    }
    sizes.push(roundSizeFor(rps, options.roundSeconds, options.connections));
  }
  const rounds: [RoundResult[], RoundResult[]] = [[], []];
  for (let round = 1; round <= options.rounds; round++) {
    for (const [i, side] of sides.entries()) rounds[i]!.push(await runRound(await side.target(), options.connections, sizes[i]!));
    const [ra, rb] = [rounds[0].at(-1)!, rounds[1].at(-1)!];
    options.log(
      `    round ${round}/${options.rounds}: ${a.label} ${fmt(ra.rps)} req/s, p50 ${fmt(ra.p50Ms)} ms | ${b.label} ${fmt(rb.rps)} req/s, p50 ${fmt(rb.p50Ms)} ms | ratio ${fmt(ra.rps / Math.max(rb.rps, 1e-9))}`,
    );
  }
  const side = (label: string, results: RoundResult[]): SideResult => ({
    label,
    rps: summarize(results.map((r) => r.rps)),
    p50Ms: summarize(results.map((r) => r.p50Ms)),
    p99Ms: summarize(results.map((r) => r.p99Ms)),
    requests: results.reduce((sum, r) => sum + r.ok, 0),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
  });
  const [ra, rb] = rounds;
  return {
    id: options.id,
    title: options.title,
    query: options.query,
    databaseBound: options.databaseBound,
    connections: options.connections,
    a: side(a.label, ra),
    b: side(b.label, rb),
    ratio: summarize(
      pairedRatios(
        ra.map((r) => r.rps),
        rb.map((r) => Math.max(r.rps, 1e-9)),
      ),
    ),
    addedLatencyMs: summarize(ra.map((r, i) => r.p50Ms - rb[i]!.p50Ms)),
  };
}

/** Sends one request and returns its status and parsed body (to check an operation before loading it). */
export async function sendOnce(target: Target): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { ...target.headers, ...target.perRequest?.() },
    body: target.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as never };
  } catch {
    return { status: res.status, body: { errors: [{ message: text.slice(0, 300) }] } };
  }
}

/** The errors of a response other than the expected codes, as readable strings. */
export function unexpectedErrors(body: { errors?: { message: string; extensions?: { code?: string } }[] }, expected: readonly string[] = []): string[] {
  return (body.errors ?? []).filter((e) => !expected.includes(e.extensions?.code ?? '')).map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
}
