// The three subgraphs as the system tests see them: black boxes, each started through its own entry
// point (`src/main.ts`) in a process of its own, found by URL. The suite's global setup starts one set
// for every file; a test that counts a subgraph's database commands, stops a subgraph or brings its
// own database starts a set of its own.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandProxy, freePort, startService, type ProxiedCommands, type ServiceProcess } from '@attunelogic/shared/dev';

export const SUBGRAPHS = ['core', 'trucking', 'service'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** The database prefix of every system test (`<prefix>-core`, `<prefix>-trucking`, ...). */
export const DB_PREFIX = 'e2e';

/** One subgraph process; `start` brings it back on the same port after `stop`. */
export interface SubgraphProcess {
  readonly name: SubgraphName;
  /** Its GraphQL endpoint. */
  readonly url: string;
  /** The commands it sent to each database, by database name (only when started `counted`). */
  commandsOn(db: string): ProxiedCommands;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good (and its proxy). */
  close(): Promise<void>;
}

export interface SubgraphOptions {
  mongodbUri: string;
  /** The internal-context public key (JWK) the gateway's private key pairs with. */
  publicKey: string;
  /** Behind a command-counting proxy to the database, so its database commands can be read. */
  counted?: boolean;
}

/** Where the run's subgraphs keep documents. */
export const DOCUMENTS_DIR = mkdtempSync(path.join(os.tmpdir(), 'e2e-documents-'));

/** The environment of a subgraph process: only what it needs (no OTLP endpoint, no developer's .env variables). */
function subgraphEnv(uri: string, publicKey: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? os.homedir(),
    NODE_ENV: 'test',
    // Unexpected errors reach the test's output; E2E_LOG_LEVEL=info shows everything, =silent nothing.
    LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'error',
    HOST: '127.0.0.1',
    MONGODB_URI: uri,
    MONGODB_DB_PREFIX: DB_PREFIX,
    INTERNAL_CONTEXT_PUBLIC_KEYS: publicKey,
    APOLLO_TELEMETRY_DISABLED: 'true',
    // Documents on, in a directory of the run's own.
    DOCUMENT_LINK_SECRET: 'e2e-document-link-secret-0123456789abcdef',
    DOCUMENT_STORAGE_DIR: DOCUMENTS_DIR,
    // The maintenance due builder off: its background turns would mix into the tests' command counts
    // (maintenanceDue then computes in memory). The trucking package's tests run it.
    MAINTENANCE_DUE_BUILD_INTERVAL_MS: '0',
  };
}

/** Starts subgraph `name` and waits until it answers `/healthz`. */
export async function startSubgraph(name: SubgraphName, options: SubgraphOptions): Promise<SubgraphProcess> {
  const proxy = options.counted ? await CommandProxy.start(options.mongodbUri) : undefined;
  const port = await freePort();
  const launch = () =>
    startService({
      name,
      dir: `subgraphs/${name}`,
      port,
      env: subgraphEnv(proxy?.uri ?? options.mongodbUri, options.publicKey),
      onOutput: (text) => process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `)),
    });
  let running: ServiceProcess | undefined = await launch().catch(async (error: unknown) => {
    await proxy?.stop();
    throw error;
  });
  const subgraph: SubgraphProcess = {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    commandsOn(db) {
      if (!proxy) throw new Error(`${name} was not started counted: its database commands are not recorded`);
      return proxy.commandsOn(db);
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async start() {
      running ??= await launch();
    },
    async close() {
      await subgraph.stop();
      // The proxy outlives a stop: a restarted process goes through it again.
      await proxy?.stop();
    },
  };
  return subgraph;
}

/** A set of subgraph processes. */
export interface SubgraphSet {
  readonly processes: Readonly<Record<SubgraphName, SubgraphProcess>>;
  readonly urls: Readonly<Record<SubgraphName, string>>;
  stop(): Promise<void>;
}

/** Starts `names` (all three unless named) side by side; stops the ones started when one fails. */
export async function startSubgraphs(options: SubgraphOptions, names: readonly SubgraphName[] = SUBGRAPHS): Promise<SubgraphSet> {
  const results = await Promise.allSettled(names.map((name) => startSubgraph(name, options)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => {
    await Promise.all(started.map((p) => p.close()));
  };
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const processes = Object.fromEntries(started.map((p) => [p.name, p])) as Record<SubgraphName, SubgraphProcess>;
  const urls = Object.fromEntries(started.map((p) => [p.name, p.url])) as Record<SubgraphName, string>;
  return { processes, urls, stop };
}
