import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, listen } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { CommandCounter, CommandProxy, freePort, startService, type ProxiedCommands, type ServiceProcess } from '@attunelogic/shared/dev';
import { createGatewayServer, GRAPHQL_PATH, loadGatewayConfig, readIndustrySchemas, type GatewayServer } from '@attunelogic/gateway';

const SUBGRAPHS = ['core', 'trucking', 'service'] as const;
type SubgraphName = (typeof SUBGRAPHS)[number];

/** What is read of a command counter: the commands since the last reset. */
export interface Counter {
  readonly commands: readonly { name: string; collection: string }[];
  reset(): void;
}

/** The commands a subgraph process sent to its own database and to core's (the audit database is not counted). */
const subgraphCounter = (parts: readonly ProxiedCommands[]): Counter => ({
  get commands() {
    return parts.flatMap((part) => part.commands);
  },
  reset: () => parts.forEach((part) => part.reset()),
});

/**
 * The three subgraphs, each started through its own entry point in a process of its own behind a
 * command-counting proxy to the bench's database, and the gateway in this process with its
 * connection monitored: for counting the database commands a request costs. Throughput is never
 * measured here.
 */
export interface CountingStack {
  readonly url: string;
  readonly counters: Readonly<Record<SubgraphName | 'gateway', Counter>>;
  stop(): Promise<void>;
}

export async function startCountingStack(options: {
  uri: string;
  prefix: string;
  /** The internal-context key pair: the gateway signs with the private key, the subgraphs verify with the public one. */
  internalContextKeys: { privateKey: string; publicKey: string };
  jwtSecret: string;
  supergraphPath: string;
  gatewayEnv: Record<string, string>;
  /** Extra environment of the subgraph processes (e.g. `LOADER_BATCHING=off`). */
  subgraphEnv?: Record<string, string>;
}): Promise<CountingStack> {
  const { uri, prefix } = options;
  const proxies: CommandProxy[] = [];
  const processes: ServiceProcess[] = [];
  const gatewayDb = await connectDatabase(uri, `${prefix}-core`, { monitorCommands: true });
  let gateway: GatewayServer | undefined;
  const stop = async () => {
    await gateway?.stop();
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all(proxies.map((p) => p.stop()));
    await gatewayDb.close();
  };
  try {
    const started = await Promise.all(
      SUBGRAPHS.map(async (name) => {
        const proxy = await CommandProxy.start(uri);
        proxies.push(proxy);
        const service = await startService({
          name: `${name} (counted)`,
          dir: `subgraphs/${name}`,
          port: await freePort(),
          env: {
            PATH: process.env['PATH'] ?? '/usr/bin:/bin',
            HOME: process.env['HOME'] ?? os.homedir(),
            NODE_ENV: 'development',
            LOG_LEVEL: 'warn',
            HOST: '127.0.0.1',
            MONGODB_URI: proxy.uri,
            MONGODB_DB_PREFIX: prefix,
            INTERNAL_CONTEXT_PUBLIC_KEYS: options.internalContextKeys.publicKey,
            APOLLO_TELEMETRY_DISABLED: 'true',
            ...options.subgraphEnv,
          },
        });
        processes.push(service);
        const own = proxy.commandsOn(`${prefix}-${name}`);
        return [name, { url: `${service.url}/graphql`, counter: subgraphCounter(name === 'core' ? [own] : [own, proxy.commandsOn(`${prefix}-core`)]) }] as const;
      }),
    );
    const subgraphs = Object.fromEntries(started) as Record<SubgraphName, { url: string; counter: Counter }>;
    const gatewayConfig = loadGatewayConfig({
      ...options.gatewayEnv,
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      MONGODB_URI: uri,
      MONGODB_DB_PREFIX: prefix,
      INTERNAL_CONTEXT_PRIVATE_KEY: options.internalContextKeys.privateKey,
      JWT_SECRET: options.jwtSecret,
      SUBGRAPH_CORE_URL: subgraphs.core.url,
      SUBGRAPH_TRUCKING_URL: subgraphs.trucking.url,
      SUBGRAPH_SERVICE_URL: subgraphs.service.url,
    });
    gateway = createGatewayServer(gatewayConfig, {
      connection: gatewayDb,
      logger: createLogger('bench', 'silent'),
      supergraphSdl: readFileSync(options.supergraphPath, 'utf8'),
      industrySchemas: readIndustrySchemas(path.dirname(options.supergraphPath)),
    });
    await gateway.start();
    const address = await listen(gateway.http, 0, '127.0.0.1');
    return {
      url: `http://127.0.0.1:${address.port}${GRAPHQL_PATH}`,
      counters: {
        core: subgraphs.core.counter,
        trucking: subgraphs.trucking.counter,
        service: subgraphs.service.counter,
        gateway: new CommandCounter(gatewayDb),
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
