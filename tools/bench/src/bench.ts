import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Connection, type Types } from 'mongoose';
import {
  createAuditModels,
  hashEvent,
  generateInternalContextKeys,
  INTERNAL_CONTEXT_HEADER,
  internalContextKey,
  type AuditEventContent,
  type AuditEventDocument,
  type TenantContext,
} from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { freePort, repoRoot, startFerretDB, startService, waitForReady, type RunningDatabase, type ServiceProcess } from '@attunelogic/shared/dev';
import { effectiveFlags } from '@attunelogic/shared/tenancy';
import { signDevelopmentToken } from '@attunelogic/gateway';
import { cpuMs, machineInfo } from './machine';
import { contextSigner } from './contexts';
import { runPair, runRound, sendOnce, unexpectedErrors, type Side, type Target } from './load';
import { type Profile } from './profiles';
import { buildQueries, type BenchOperation, type BenchQueries } from './queries';
import { metricSum, parseExplain } from './parse';
import {
  type BenchResults,
  type CommandCounts,
  type CpuResult,
  type DirectoryResult,
  type ExplainResult,
  type PairResult,
  type TenfoldResult,
  type AuditGrowthResult,
} from './results';
import { connectAll, growOtherTenantsLoads, Progress, seedDataset, type SeedConnections } from './seed/seed';
import { type SeedTenant } from './seed/data';
import { startCountingStack, type CountingStack } from './stack/counting';
import { fmt, formatSummary, summarize, type Summary } from './stats';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'bench';
/** The in-process gateway waits as long as the out-of-process ones: a list without loaders is slow on FerretDB. */
const COUNTING_GATEWAY_ENV = {
  SUBGRAPH_TIMEOUT_MS: '60000',
  RATE_LIMIT_TENANT_REQUESTS: '1000000000',
  RATE_LIMIT_USER_REQUESTS: '1000000000',
  RATE_LIMIT_TENANT_COST: '1000000000000',
};
const GRAPHQL_PATH = '/api/v1/graphql';
const SUBGRAPHS = ['core', 'trucking', 'service'] as const;
type SubgraphName = (typeof SUBGRAPHS)[number];

export interface BenchRun {
  readonly results: BenchResults;
  readonly hiveVersion: string | null;
}

/** The processes of one run, and how to stop them all. */
interface Stack {
  readonly subgraphs: Record<SubgraphName, ServiceProcess>;
  readonly unbatched: Record<SubgraphName, ServiceProcess>;
  readonly gateway: ServiceProcess;
  readonly gatewayUnbatched: ServiceProcess;
  /** Our gateway in its default configuration (in-flight deduplication on), for the pair with Hive's default. */
  readonly gatewayDefault: ServiceProcess;
  /** Hive Gateway with its in-flight deduplication off (the like-for-like comparison), and in its default configuration. */
  readonly hive: ServiceProcess | null;
  readonly hiveDefault: ServiceProcess | null;
  readonly hiveError: string | null;
}

/**
 * One benchmark run: its own database and processes, the data set, every measurement, and the
 * results (nothing is written here; main.ts renders and writes the report).
 */
/** The run's secrets: a JWT secret and the internal-context key pair, new for every run. */
interface BenchSecrets {
  internal: { privateKey: string; publicKey: string };
  jwt: string;
}

export async function runBench(profile: Profile, log: (line: string) => void): Promise<BenchRun> {
  const started = Date.now();
  const loadStart = os.loadavg()[0] ?? 0;
  const root = repoRoot();
  const supergraphPath = path.join(root, 'schema', 'supergraph.graphql');
  const queries = buildQueries(readFileSync(path.join(root, 'schema', 'api-schema.graphql'), 'utf8'));
  const secrets: BenchSecrets = { internal: generateInternalContextKeys(), jwt: randomBytes(32).toString('hex') };
  const failures: { measurement: string; error: string }[] = [];
  const processes: ServiceProcess[] = [];
  let database: RunningDatabase | undefined;
  let connections: SeedConnections | undefined;
  // Ctrl-C or a kill stops what this run started, not just this process.
  const onSignal = () => {
    void Promise.all(processes.map((p) => p.stop()))
      .then(() => database?.stop())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    log(`bench (${profile.name}): starting FerretDB`);
    database = await startFerretDB();
    connections = await connectAll(database.uri, PREFIX);
    log(`seeding ${profile.shape.truckingTenants + profile.shape.serviceTenants} tenants`);
    const progress = new Progress();
    const seeded = await seedDataset(connections, profile.shape, progress);
    progress.stop();
    const documents = Object.values(seeded.counts).reduce((sum, n) => sum + n, 0);
    log(`seeded ${documents.toLocaleString('en-US')} documents in ${fmt(seeded.seconds)} s`);

    const stack = await startStack({ uri: database.uri, secrets, supergraphPath, tenant: benchTenant(seeded.tenants, 'trucking'), processes, log });
    const trk = benchTenant(seeded.tenants, 'trucking');
    const svc = benchTenant(seeded.tenants, 'serviceRepair');
    const clients = await createClients(stack, secrets, [trk, svc, ...seeded.tenants.slice(1, 2)]);

    const attempt = async <T>(measurement: string, run: () => Promise<T>): Promise<T | null> => {
      try {
        return await run();
      } catch (error) {
        const message = (error as Error).message.split('\n').slice(0, 6).join(' ');
        failures.push({ measurement, error: message });
        log(`  ✗ ${measurement} failed: ${message}`);
        return null;
      }
    };

    const commands = (await attempt('commands', () => measureCommands(profile, queries, database!.uri, secrets, supergraphPath, clients, trk, svc, log))) ?? [];
    const directory = await attempt('directory', () => measureDirectory(profile, queries, stack, clients, seeded.tenants, database!.uri, secrets, supergraphPath, log));

    const pairs: PairResult[] = [];
    const { load } = profile;
    const pairOptions = (id: string, title: string, query: string, databaseBound: boolean, overrides: { connections?: number; rounds?: number } = {}) => ({
      ...load,
      id,
      title,
      query,
      databaseBound,
      log,
      ...overrides,
    });

    const direct = await attempt('gateway-vs-direct', async () => {
      log(`gateway vs direct (${queries.single.name}, core only)`);
      const a = clients.gateway(stack.gateway, trk, queries.single, 'our gateway');
      const b = clients.direct(stack.subgraphs.core, 'core', trk, queries.single, 'core directly');
      await check([a, b], queries.single);
      return runPair(a, b, pairOptions('gateway-vs-direct', 'Gateway vs direct subgraph', queries.single.name, true));
    });
    if (direct) pairs.push(report(direct, log));

    const hivePair = stack.hive
      ? await attempt('gateway-vs-hive', async () => {
          log(`our gateway vs Hive Gateway (${queries.fanOut.name})`);
          const a = clients.gateway(stack.gateway, trk, queries.fanOut, 'our gateway');
          const b = clients.hive(stack.hive!, queries.fanOut, 'Hive Gateway');
          await check([a, b], queries.fanOut);
          return runPair(a, b, pairOptions('gateway-vs-hive', 'Our gateway vs Hive Gateway (no dedupe)', queries.fanOut.name, true));
        })
      : null;
    if (hivePair) pairs.push(report(hivePair, log));
    const hiveDefaultPair = stack.hiveDefault
      ? await attempt('gateway-vs-hive-default', async () => {
          log(`our gateway vs Hive Gateway, both in their default configuration (${queries.fanOut.name}; identical in-flight subgraph requests deduplicated)`);
          const a = clients.gateway(stack.gatewayDefault, trk, queries.fanOut, 'our gateway (dedupe on)');
          const b = clients.hive(stack.hiveDefault!, queries.fanOut, 'Hive (dedupe on)');
          await check([a, b], queries.fanOut);
          return runPair(a, b, pairOptions('gateway-vs-hive-default', 'Our gateway vs Hive Gateway, both default config (dedupe on)', queries.fanOut.name, true));
        })
      : null;
    if (hiveDefaultPair) pairs.push(report(hiveDefaultPair, log));
    const compute = queries.computeOnly;
    const computePair =
      stack.hive && compute
        ? await attempt('gateway-vs-hive-compute', async () => {
            log(`our gateway vs Hive Gateway without the database (${compute.name}: computed in the trucking subgraph's memory)`);
            const a = clients.gateway(stack.gateway, trk, compute, 'our gateway');
            const b = clients.hive(stack.hive!, compute, 'Hive Gateway');
            await check([a, b], compute);
            return runPair(a, b, pairOptions('gateway-vs-hive-compute', 'Our gateway vs Hive Gateway, no database (no dedupe)', compute.name, false));
          })
        : null;
    if (computePair) pairs.push(report(computePair, log));

    for (const op of queries.nested) {
      const tenant = op.industry === 'trucking' ? trk : svc;
      const size = profile.nestedSizes.at(-1)!;
      const result = await attempt(`nested-${op.list}`, async () => {
        log(`${op.name}(first: ${size}) with loaders vs without`);
        const a = clients.gateway(stack.gateway, tenant, op.at(size), 'with loaders');
        const b = clients.gateway(stack.gatewayUnbatched, tenant, op.at(size), 'without loaders');
        await check([a, b], op.at(size));
        return runPair(a, b, pairOptions(`nested-${op.list}`, `${op.list}(first: ${size}) with vs without loaders`, op.name, true, profile.nested));
      });
      if (result) pairs.push(report(result, log));
    }

    const cpu: CpuResult[] = [];
    const cpuRuns: [string, ServiceProcess | null, (op: BenchOperation) => Side, BenchOperation][] = [
      ['our gateway', stack.gateway, (op) => clients.gateway(stack.gateway, trk, op, 'our gateway'), queries.threeSubgraphs],
      ['our gateway', stack.gateway, (op) => clients.gateway(stack.gateway, trk, op, 'our gateway'), queries.fanOut],
      ['our gateway', stack.gateway, (op) => clients.gateway(stack.gateway, trk, op, 'our gateway'), queries.single],
      ['Hive Gateway', stack.hive, (op) => clients.hive(stack.hive!, op, 'Hive Gateway'), queries.fanOut],
      ...(queries.computeOnly
        ? ([
            ['our gateway', stack.gateway, (op) => clients.gateway(stack.gateway, trk, op, 'our gateway'), queries.computeOnly],
            ['Hive Gateway', stack.hive, (op) => clients.hive(stack.hive!, op, 'Hive Gateway'), queries.computeOnly],
          ] as [string, ServiceProcess | null, (op: BenchOperation) => Side, BenchOperation][])
        : []),
      ['core subgraph (direct)', stack.subgraphs.core, (op) => clients.direct(stack.subgraphs.core, 'core', trk, op, 'core directly'), queries.single],
    ];
    for (const [name, service, side, op] of cpuRuns) {
      if (!service) continue;
      const result = await attempt(`cpu-${name}-${op.name}`, () => measureCpu(profile, service, side(op), op, name));
      if (result) {
        cpu.push(result);
        log(`CPU ${name} ${op.name}: ${formatSummary(result.msPerRequest, 'ms')} per request`);
      }
    }

    const tenfold = await attempt('tenfold', () => measureTenfold(profile, queries, stack, clients, trk, seeded.tenants, connections!, log));
    const auditGrowth = await attempt('audit-growth', () => measureAuditGrowth(profile, stack, clients, trk, database!.uri, log));

    const counts = { ...seeded.counts };
    return {
      hiveVersion: hiveVersion(),
      results: {
        generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        profile: profile.name,
        durationSeconds: (Date.now() - started) / 1000,
        machine: machineInfo(loadStart),
        dataset: { tenants: seeded.tenants.length, documents, collections: counts, seedSeconds: seeded.seconds },
        queries: Object.fromEntries(
          [
            queries.single,
            queries.fanOut,
            ...(queries.computeOnly ? [queries.computeOnly] : []),
            queries.threeSubgraphs,
            ...queries.nested.map((n) => n.at(profile.nestedSizes.at(-1)!)),
            queries.tenantList,
          ].map((q) => [q.name, q.query]),
        ),
        queryNotes: queries.notes,
        pairs,
        commands,
        directory,
        tenfold,
        auditGrowth,
        cpu,
        hiveError: stack.hiveError,
        failures,
      },
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    log('stopping the stack');
    await Promise.all(processes.map((p) => p.stop()));
    await connections?.close();
    await database?.stop();
  }
}

function report(pair: PairResult, log: (line: string) => void): PairResult {
  log(
    `  → ${pair.title}: ${pair.a.label} ${formatSummary(pair.a.rps, 'req/s')}, ${pair.b.label} ${formatSummary(pair.b.rps, 'req/s')}, ratio ${formatSummary(pair.ratio)}`,
  );
  return pair;
}

const benchTenant = (tenants: readonly SeedTenant[], appType: SeedTenant['appType']): SeedTenant => {
  const tenant = tenants.find((t) => t.appType === appType);
  if (!tenant) throw new Error(`no ${appType} tenant seeded`);
  return tenant;
};

/** The internal context a subgraph would get from the gateway for the tenant's owner. */
function tenantContext(tenant: SeedTenant): TenantContext {
  const owner = tenant.office[0]!;
  return {
    tenantId: tenant._id.toHexString(),
    slug: tenant.slug,
    appType: tenant.appType,
    userId: owner._id.toHexString(),
    roles: [...owner.roles],
    flags: effectiveFlags(tenant.appType, {}),
    requestId: `bench-${randomUUID()}`,
  };
}

async function startStack(options: {
  uri: string;
  secrets: BenchSecrets;
  supergraphPath: string;
  tenant: SeedTenant;
  processes: ServiceProcess[];
  log: (line: string) => void;
}): Promise<Stack> {
  const { log } = options;
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? os.homedir(),
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    MONGODB_URI: options.uri,
    MONGODB_DB_PREFIX: PREFIX,
    INTERNAL_CONTEXT_PRIVATE_KEY: options.secrets.internal.privateKey,
    INTERNAL_CONTEXT_PUBLIC_KEYS: options.secrets.internal.publicKey,
    JWT_SECRET: options.secrets.jwt,
    JWT_ISSUER: 'attunelogic',
    JWT_AUDIENCE: 'attunelogic-api',
    // Budgets no bench run reaches: the bench measures work, not 429s.
    RATE_LIMIT_TENANT_REQUESTS: '1000000000',
    RATE_LIMIT_USER_REQUESTS: '1000000000',
    RATE_LIMIT_TENANT_COST: '1000000000000',
    // A list without loaders (or over a grown collection) may take longer than the default 10 s.
    SUBGRAPH_TIMEOUT_MS: '60000',
    APOLLO_TELEMETRY_DISABLED: 'true',
    // The bench measures requests: no maintenance due builder working beside them.
    MAINTENANCE_DUE_BUILD_INTERVAL_MS: '0',
  };
  const track = (service: ServiceProcess) => {
    options.processes.push(service);
    return service;
  };
  const startSet = async (extra: Record<string, string>, suffix: string) => {
    const entries = await Promise.all(
      SUBGRAPHS.map(
        async (name) =>
          [name, track(await startService({ name: `${name}${suffix}`, dir: `subgraphs/${name}`, port: await freePort(), env: { ...env, ...extra } }))] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<SubgraphName, ServiceProcess>;
  };
  const urls = (set: Record<SubgraphName, ServiceProcess>) => ({
    SUBGRAPH_CORE_URL: `${set.core.url}/graphql`,
    SUBGRAPH_TRUCKING_URL: `${set.trucking.url}/graphql`,
    SUBGRAPH_SERVICE_URL: `${set.service.url}/graphql`,
  });

  log('starting the subgraphs (with loaders, and a second set with LOADER_BATCHING=off)');
  const [subgraphs, unbatched] = await Promise.all([startSet({}, ''), startSet({ LOADER_BATCHING: 'off' }, ' (no batching)')]);
  log('starting our gateways and Hive Gateway');
  // Every measurement but the default-configuration pair runs our gateway with its in-flight
  // deduplication off: it would merge the identical concurrent requests of a load generator, which
  // says nothing of the cost it measures (the direct subgraph and the like-for-like Hive set-up
  // deduplicate nothing).
  const startGateway = async (name: string, set: Record<SubgraphName, ServiceProcess>, dedupe: 'on' | 'off' = 'off') => {
    const metricsPort = await freePort();
    const env_ = { ...env, ...urls(set), SUPERGRAPH_PATH: options.supergraphPath, SUBGRAPH_DEDUPE: dedupe, METRICS_PORT: String(metricsPort) };
    const gateway = track(await startService({ name, dir: 'gateway', port: await freePort(), env: env_ }));
    await waitForReady(`${gateway.url}/readyz`, 60_000);
    return { ...gateway, metricsUrl: `http://127.0.0.1:${metricsPort}` };
  };
  const startHive = async (name: string, deduplicate: boolean): Promise<{ hive: ServiceProcess | null; error: string | null }> => {
    try {
      const hive = await startService({
        name,
        dir: 'tools/bench',
        entry: 'src/stack/hive-gateway.ts',
        port: await freePort(),
        healthPath: '/healthcheck',
        env: {
          ...env,
          ...urls(subgraphs),
          SUPERGRAPH_PATH: options.supergraphPath,
          BENCH_TENANT_CONTEXT: JSON.stringify(tenantContext(options.tenant)),
          HIVE_DEDUPLICATE_INFLIGHT: deduplicate ? 'on' : 'off',
        },
      });
      return { hive: track(hive), error: null };
    } catch (error) {
      log(`  ✗ ${name} did not start: ${(error as Error).message}`);
      return { hive: null, error: (error as Error).message.split('\n').slice(0, 8).join(' ') };
    }
  };
  const [gateway, gatewayUnbatched, gatewayDefault, hive, hiveDefault] = await Promise.all([
    startGateway('gateway', subgraphs),
    startGateway('gateway (no batching)', unbatched),
    startGateway('gateway (default config)', subgraphs, 'on'),
    startHive('hive-gateway', false),
    startHive('hive-gateway (default config)', true),
  ]);
  log(`stack up: ${options.processes.length} processes`);
  return { subgraphs, unbatched, gateway, gatewayUnbatched, gatewayDefault, hive: hive.hive, hiveDefault: hiveDefault.hive, hiveError: hive.error ?? hiveDefault.error };
}

interface Clients {
  gateway(service: ServiceProcess, tenant: SeedTenant, op: BenchOperation, label: string): Side;
  direct(service: ServiceProcess, subgraph: SubgraphName, tenant: SeedTenant, op: BenchOperation, label: string): Side;
  hive(service: ServiceProcess, op: BenchOperation, label: string): Side;
}

const body = (op: BenchOperation): string => JSON.stringify({ query: op.query, variables: op.variables ?? {}, operationName: op.name });

async function createClients(_stack: Stack, secrets: BenchSecrets, tenants: readonly SeedTenant[]): Promise<Clients> {
  const tokens = new Map<string, string>();
  for (const tenant of tenants) {
    tokens.set(
      tenant.slug,
      await signDevelopmentToken({
        secret: secrets.jwt,
        issuer: 'attunelogic',
        audience: 'attunelogic-api',
        userId: tenant.office[0]!._id.toHexString(),
        tenant: tenant.slug,
        ttlSeconds: 4 * 3600,
      }),
    );
  }
  const key = internalContextKey(secrets.internal.privateKey);
  return {
    gateway: (service, tenant, op, label) => ({
      label,
      target: async () => ({
        url: `${service.url}${GRAPHQL_PATH}`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(tenant.slug) ?? ''}`, 'x-tenant': tenant.slug },
        body: body(op),
      }),
    }),
    // A fresh context per request, as the gateway sends them: the subgraph accepts each once.
    direct: (service, subgraph, tenant, op, label) => ({
      label,
      target: async () => {
        const next = contextSigner(key, subgraph, tenantContext(tenant));
        return {
          url: `${service.url}/graphql`,
          headers: { 'content-type': 'application/json' },
          body: body(op),
          perRequest: () => ({ [INTERNAL_CONTEXT_HEADER]: next() }),
        };
      },
    }),
    hive: (service, op, label) => ({ label, target: async () => ({ url: `${service.url}/graphql`, headers: { 'content-type': 'application/json' }, body: body(op) }) }),
  };
}

/** Sends the operation once to each side; throws when a side answers with an error it should not. */
async function check(sides: readonly Side[], op: BenchOperation): Promise<void> {
  for (const side of sides) {
    const { status, body } = await sendOnce(await side.target());
    const errors = unexpectedErrors(body, op.expectedErrors);
    if (status !== 200 || errors.length || !body.data) throw new Error(`${side.label} answered ${op.name} with ${status}: ${errors.join('; ') || 'no data'}`);
  }
}

/** Edges in the first list of a response (how many items a nested list returned). */
const edgesOf = (data: unknown): number => {
  const list = Object.values((data ?? {}) as Record<string, { edges?: unknown[] }>)[0];
  return list?.edges?.length ?? 0;
};

async function measureCommands(
  profile: Profile,
  queries: BenchQueries,
  uri: string,
  secrets: BenchSecrets,
  supergraphPath: string,
  _clients: Clients,
  trk: SeedTenant,
  svc: SeedTenant,
  log: (line: string) => void,
): Promise<CommandCounts[]> {
  log('database commands per nested list request (the subgraphs behind counting proxies, with loaders and with LOADER_BATCHING=off)');
  const counting = { uri, prefix: PREFIX, internalContextKeys: secrets.internal, jwtSecret: secrets.jwt, supergraphPath, gatewayEnv: COUNTING_GATEWAY_ENV };
  const stacks = await Promise.allSettled([startCountingStack(counting), startCountingStack({ ...counting, subgraphEnv: { LOADER_BATCHING: 'off' } })]);
  try {
    const failed = stacks.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [batched, unbatched] = stacks.map((result) => (result as PromiseFulfilledResult<CountingStack>).value) as [CountingStack, CountingStack];
    const results: CommandCounts[] = [];
    for (const op of queries.nested) {
      // Each stack gets one warm-up request per operation, as the operation's tenant is new to it.
      const warmed = new Set<CountingStack>();
      const tenant = op.industry === 'trucking' ? trk : svc;
      const token = await signDevelopmentToken({
        secret: secrets.jwt,
        issuer: 'attunelogic',
        audience: 'attunelogic-api',
        userId: tenant.office[0]!._id.toHexString(),
        tenant: tenant.slug,
      });
      const target: (stack: CountingStack, first: number) => Target = (stack, first) => ({
        url: stack.url,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-tenant': tenant.slug },
        body: body(op.at(first)),
      });
      const sizes: { first: number; batched: number; unbatched: number; returned: number }[] = [];
      for (const first of profile.nestedSizes) {
        const counts: Record<'batched' | 'unbatched', number> = { batched: 0, unbatched: 0 };
        let returned = 0;
        for (const [mode, stack] of [
          ['batched', batched],
          ['unbatched', unbatched],
        ] as const) {
          // The first request warms the gateway's directory and the subgraphs' caches for the tenant.
          if (!warmed.has(stack)) {
            await sendOnce(target(stack, first));
            warmed.add(stack);
          }
          for (const counter of Object.values(stack.counters)) counter.reset();
          const { body: response } = await sendOnce(target(stack, first));
          const errors = unexpectedErrors(response, op.at(first).expectedErrors);
          if (errors.length) throw new Error(`${op.name}(first: ${first}) ${mode}: ${errors.join('; ')}`);
          counts[mode] = Object.values(stack.counters).reduce((sum, c) => sum + c.commands.length, 0);
          returned = edgesOf(response.data);
        }
        sizes.push({ first, returned, ...counts });
        log(`  ${op.name}(first: ${first}): ${returned} items, ${counts.batched} commands with loaders, ${counts.unbatched} without`);
      }
      results.push({ query: op.name, sizes });
    }
    return results;
  } finally {
    await Promise.all(stacks.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
  }
}

async function measureDirectory(
  profile: Profile,
  queries: BenchQueries,
  stack: Stack,
  clients: Clients,
  tenants: readonly SeedTenant[],
  uri: string,
  secrets: BenchSecrets,
  supergraphPath: string,
  log: (line: string) => void,
): Promise<DirectoryResult> {
  log(`tenant resolution and parent verification on a warm cache (${profile.directoryRequests} requests)`);
  // A tenant no measurement has used yet, so its first request shows the cold cost.
  const tenant = tenants.find((t) => t.appType === 'trucking' && t !== tenants[0]) ?? tenants[0]!;
  const side = clients.gateway(stack.gateway, tenant, queries.single, 'our gateway');
  const reads = async () => metricSum(await (await fetch(`${stack.gateway.metricsUrl}/metrics`)).text(), 'attunelogic_gateway_directory_reads_total');
  const before = await reads();
  await check([side], queries.single);
  const cold = await reads();
  await runRound(await side.target(), 4, { requests: profile.directoryRequests });
  const warm = await reads();

  // The same on the in-process gateway, counting every command on its database connection.
  const counting = await startCountingStack({
    uri,
    prefix: PREFIX,
    internalContextKeys: secrets.internal,
    jwtSecret: secrets.jwt,
    supergraphPath,
    gatewayEnv: COUNTING_GATEWAY_ENV,
  });
  let gatewayCommands: number;
  try {
    const target = { ...(await side.target()), url: counting.url };
    await sendOnce(target);
    counting.counters.gateway.reset();
    await runRound(target, 4, { requests: profile.directoryRequests });
    gatewayCommands = counting.counters.gateway.commands.length;
  } finally {
    await counting.stop();
  }
  const result = { requests: profile.directoryRequests, metricReads: warm - cold, gatewayCommands, coldReads: cold - before };
  log(`  → ${result.metricReads} directory reads over ${result.requests} warm requests (cold: ${result.coldReads}); ${gatewayCommands} gateway commands in process`);
  return result;
}

async function measureCpu(profile: Profile, service: ServiceProcess, side: Side, op: BenchOperation, name: string): Promise<CpuResult> {
  await check([side], op);
  const connections = Math.min(4, profile.load.connections);
  const warm = await runRound(await side.target(), connections, { seconds: profile.cpu.warmupSeconds });
  // A fixed number of requests per round, about roundSeconds' worth at the warm-up's rate.
  const requests = Math.max(2 * connections, Math.round(warm.rps * profile.cpu.roundSeconds));
  const samples: number[] = [];
  for (let round = 0; round < profile.cpu.rounds; round++) {
    const target = await side.target();
    const before = cpuMs(service.pid);
    const result = await runRound(target, connections, { requests });
    const after = cpuMs(service.pid);
    if (result.failures) throw new Error(`${result.failures} failed requests`);
    samples.push((after - before) / requests);
  }
  return { process: name, query: op.name, requests, msPerRequest: summarize(samples) };
}

/** `explain` of the tenant list's find (filter parentCompany, newest first), in FerretDB's or MongoDB's format. */
export async function explainList(connection: Connection, collection: string, tenantId: Types.ObjectId): Promise<ExplainResult> {
  const raw = (await connection.db!.command({
    explain: { find: collection, filter: { parentCompany: tenantId }, sort: { _id: -1 }, limit: 21 },
    verbosity: 'queryPlanner',
  })) as Record<string, unknown>;
  return parseExplain(raw);
}

async function latencies(side: Side, op: BenchOperation, samples: number): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const target = await side.target();
    const t0 = performance.now();
    const { status, body } = await sendOnce(target);
    const ms = performance.now() - t0;
    const errors = unexpectedErrors(body, op.expectedErrors);
    if (status !== 200 || errors.length) throw new Error(`${op.name}: ${status} ${errors.join('; ')}`);
    times.push(ms);
  }
  return summarize(times);
}

async function measureTenfold(
  profile: Profile,
  queries: BenchQueries,
  stack: Stack,
  clients: Clients,
  trk: SeedTenant,
  tenants: readonly SeedTenant[],
  connections: SeedConnections,
  log: (line: string) => void,
): Promise<TenfoldResult> {
  const op = queries.tenantList;
  if (op.list !== 'loads') throw new Error(`the tenfold measurement grows loads, but the schema has no loads list (it would list ${op.list})`);
  const { factor, samplesBefore, samplesAfter } = profile.tenfold;
  log(`one tenant's ${op.list} latency, then with the other tenants' ${op.list} grown ${factor}-fold`);
  const side = clients.gateway(stack.gateway, trk, op, 'our gateway');
  await check([side], op);
  await sendOnce(await side.target());
  const before = await latencies(side, op, samplesBefore);
  log(`  before: ${formatSummary(before, 'ms')}`);
  const explain = await explainList(connections.trucking, 'loads', trk._id);
  const others = tenants.filter((t) => t.appType === 'trucking' && t !== trk).length;
  const othersBefore = others * profile.shape.loads;
  const t0 = Date.now();
  const progress = new Progress();
  const added = await growOtherTenantsLoads(connections, tenants, trk, profile.shape, factor, progress);
  progress.stop();
  const insertSeconds = (Date.now() - t0) / 1000;
  await sendOnce(await side.target());
  const after = await latencies(side, op, samplesAfter);
  const ratio = after.median / before.median;
  log(
    `  after (+${added.toLocaleString('en-US')} documents): ${formatSummary(after, 'ms')}; ratio ${fmt(ratio)}; index used: ${explain.usesIndex ? 'yes' : 'no'} (${explain.plan.join('; ')})`,
  );
  return {
    collection: 'trucking.loads',
    query: op.name,
    ownDocuments: profile.shape.loads,
    othersBefore,
    othersAfter: othersBefore + added,
    before,
    after,
    ratio,
    insertSeconds,
    explain,
  };
}

/**
 * A mutation's latency (each appends one audit event) before and after one tenant's audit chain
 * grows by `profile.auditGrowth.events`: an append reads the tenant's head document, not the chain.
 * For contrast, the read an append used to make (the newest event, by sorting the chain) is timed too.
 */
async function measureAuditGrowth(
  profile: Profile,
  stack: Stack,
  clients: Clients,
  trk: SeedTenant,
  uri: string,
  log: (line: string) => void,
): Promise<AuditGrowthResult> {
  const { events, samples } = profile.auditGrowth;
  const op: BenchOperation = {
    name: 'RenameTenant',
    query: 'mutation RenameTenant($name: String!) { renameTenant(name: $name) { id name } }',
    variables: { name: `Bench tenant ${trk.slug}` },
  };
  log(`${op.name} latency, then with ${events.toLocaleString('en-US')} more events in the tenant's audit chain`);
  const side = clients.gateway(stack.gateway, trk, op, 'our gateway');
  await check([side], op);
  const connection = await connectDatabase(uri, `${PREFIX}-audit`);
  try {
    const { AuditEvent, AuditHead } = createAuditModels(connection);
    const parentCompany = trk._id;
    const headOf = async () => AuditHead.findOne({ _id: parentCompany, parentCompany }).lean();
    const newestRead = async (): Promise<Summary> => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await AuditEvent.findOne({ parentCompany }).sort({ seq: -1 }).select({ seq: 1, hash: 1 }).lean();
        times.push(performance.now() - t0);
      }
      return summarize(times);
    };
    const before = await latencies(side, op, samples);
    const readBefore = await newestRead();
    const start = await headOf();
    if (!start) throw new Error('the tenant has no audit head after its mutations');
    log(`  before (${start.seq} events): ${formatSummary(before, 'ms')}`);

    // The chain grows as appends would grow it: consecutive seq, each event hashed over the previous.
    const t0 = Date.now();
    const progress = new Progress();
    const report = progress.track('audit events', events);
    let { seq, hash } = start;
    for (let done = 0; done < events;) {
      const batch: AuditEventDocument[] = [];
      for (const end = Math.min(events, done + 1_000); done < end; done++) {
        seq += 1;
        const content: AuditEventContent = {
          at: new Date(),
          actor: trk.office[0]!._id.toHexString(),
          subgraph: 'core',
          operation: 'benchEvent',
          targetType: null,
          targetId: null,
          outcome: 'success',
          errorCode: null,
          diff: null,
          requestId: randomUUID(),
        };
        const doc: AuditEventDocument = { ...content, parentCompany, seq, prevHash: hash, hash: hashEvent(trk._id.toHexString(), seq, hash, content) };
        hash = doc.hash;
        batch.push(doc);
      }
      await AuditEvent.collection.insertMany(batch, { ordered: true });
      report(done);
    }
    progress.stop();
    await AuditHead.updateOne({ _id: parentCompany, parentCompany }, { $set: { seq, hash } });
    const insertSeconds = (Date.now() - t0) / 1000;

    await sendOnce(await side.target());
    const after = await latencies(side, op, samples);
    const readAfter = await newestRead();
    const end = await headOf();
    // Every timed mutation must have appended at the end of the grown chain.
    if (end?.seq !== seq + samples + 1) throw new Error(`the chain ends at ${end?.seq ?? 'nothing'}, expected ${seq + samples + 1}`);
    const ratio = after.median / before.median;
    log(`  after (${end.seq} events): ${formatSummary(after, 'ms')}; ratio ${fmt(ratio)}; newest-event read ${fmt(readBefore.median)} → ${fmt(readAfter.median)} ms`);
    return {
      query: op.name,
      eventsBefore: start.seq,
      eventsAfter: end.seq,
      before,
      after,
      ratio,
      newestEventReadMs: { before: readBefore, after: readAfter },
      insertSeconds,
    };
  } finally {
    await connection.close();
  }
}

function hiveVersion(): string | null {
  try {
    const pkg = path.join(repoRoot(), 'tools', 'bench', 'node_modules', '@graphql-hive', 'gateway', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}
