// The test harness every subgraph uses: never imported by production code.
import { inject } from 'vitest';
import { type Connection } from 'mongoose';
import { systemClock, type Clock, type TestClock } from '../clock';
import { type BatchObserver } from '../loaders';
import { createLogger, type Logger } from '../logger';
import { CommandCounter } from '../mongo/command-counter';
import { connectDatabase } from '../mongo/connect';
import { type SubgraphServer } from '../subgraph-server';
import { type TenantContext } from '../tenant';
import { type Deadline } from '../work';
import { executeAs, type SingleResult } from './execute';

/** The database server the run's globalSetup started (or `MONGODB_URI` named). */
export const testDatabaseUri = (): string => inject('mongodbUri');

/**
 * A connection to a test database on the run's server, with command monitoring on so tests can see
 * the queries that reach the server.
 */
export const connectTestDatabase = (name: string): Promise<Connection> => connectDatabase(testDatabaseUri(), name, { monitorCommands: true });

export interface HarnessOptions<TModels> {
  /**
   * The database of the test file: the launcher serialises writes per database, so files with their
   * own databases do not queue behind each other.
   */
  dbName: string;
  models(connection: Connection): TModels;
  server(deps: { connection: Connection; logger: Logger }): SubgraphServer<TModels>;
  /** The clock of every tenant that has not set its own (default: the system clock). */
  clock?: Clock;
  /** The log level of the server and of the operations (default: silent). */
  logLevel?: string;
}

export interface SubgraphHarness<TModels> {
  readonly connection: Connection;
  readonly models: TModels;
  readonly server: SubgraphServer<TModels>;
  /** One operation as `tenant`, in memory, with the context a signed request would get and the tenant's clock. */
  run<TData = Record<string, unknown>>(tenant: TenantContext, query: string, variables?: Record<string, unknown>, observe?: BatchObserver): Promise<SingleResult<TData>>;
  /** One operation as `tenant` under `deadline` (the request's time; a test may move its clock). */
  runBefore<TData = Record<string, unknown>>(deadline: Deadline, tenant: TenantContext, query: string, variables?: Record<string, unknown>): Promise<SingleResult<TData>>;
  /**
   * The clock of `tenant`'s requests (every user of the tenant): the harness clock until `set`. Tests
   * each make a fresh tenant, so concurrent tests in one file keep their own time and nothing sleeps.
   */
  clock(tenant: Pick<TenantContext, 'tenantId'>): TestClock;
  /** The database commands (without the driver's housekeeping) sent while `run` runs. */
  commands(run: () => Promise<unknown>): Promise<CommandCounter>;
  close(): Promise<void>;
}

/**
 * A started subgraph server on its own test database, the models' indexes built.
 * @example const h = await startSubgraphHarness({ dbName: 'test-x', models: createXModels, server: (deps) => createXServer(config, deps) });
 */
export async function startSubgraphHarness<TModels extends object>(options: HarnessOptions<TModels>): Promise<SubgraphHarness<TModels>> {
  const connection = await connectTestDatabase(options.dbName);
  const models = options.models(connection);
  // Unique indexes must exist before tests race to violate them.
  await Promise.all(Object.values(models).map((model: unknown) => (isModel(model) ? model.init() : undefined)));
  const logger = createLogger(`${options.dbName}`, options.logLevel ?? 'silent');
  const server = options.server({ connection, logger });
  await server.start();
  const fallback = options.clock ?? systemClock;
  const clocks = new Map<string, TestClock>();

  const clock = (tenant: Pick<TenantContext, 'tenantId'>): TestClock => {
    let own = clocks.get(tenant.tenantId);
    if (!own) {
      let frozen: number | undefined;
      own = { now: () => (frozen === undefined ? fallback.now() : new Date(frozen)), set: (at) => void (frozen = new Date(at).getTime()) };
      clocks.set(tenant.tenantId, own);
    }
    return own;
  };

  return {
    connection,
    models,
    server,
    async run<TData>(tenant: TenantContext, query: string, variables: Record<string, unknown> = {}, observe?: BatchObserver) {
      // A tenant placed in databases of its own runs on its own models, as its signed requests would.
      const own = tenant.placement && tenant.placement.mode !== 'pooled' ? await server.modelsFor(tenant) : models;
      return executeAs<TModels, TData>(server, own, tenant, query, variables, { clock: clock(tenant), log: logger, ...(observe ? { observe } : {}) });
    },
    runBefore<TData>(deadline: Deadline, tenant: TenantContext, query: string, variables: Record<string, unknown> = {}) {
      return executeAs<TModels, TData>(server, models, tenant, query, variables, { clock: clock(tenant), log: logger, deadline });
    },
    clock,
    async commands(run) {
      const counter = new CommandCounter(connection);
      try {
        await run();
      } finally {
        counter.stop();
      }
      return counter;
    },
    async close() {
      await server.stop();
      await connection.close();
    },
  };
}

const isModel = (value: unknown): value is { init(): Promise<unknown> } => typeof value === 'function' && typeof (value as { init?: unknown }).init === 'function';

/**
 * The commands sent to one collection while `run` runs, with their bodies (the connection must
 * monitor commands), for tests that check what a query asked for.
 */
export async function commandsOn(connection: Connection, collection: string, run: () => Promise<void>): Promise<{ name: string; command: Record<string, unknown> }[]> {
  const seen: { name: string; command: Record<string, unknown> }[] = [];
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    if (event.command[event.commandName] === collection) seen.push({ name: event.commandName, command: event.command });
  };
  const client = connection.getClient();
  client.on('commandStarted', listener);
  try {
    await run();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}
