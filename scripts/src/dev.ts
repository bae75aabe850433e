import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { embeddedBackend, embeddedDataDir, repoRoot, startFerretDB, type RunningDatabase } from '@attunelogic/shared/dev';
import { loadEnvFile } from '@attunelogic/shared/env-file';
import { devEnv } from './dev-env';
import { runSeed, SeedError, DEMO_PASSWORD } from './seed';
import path from 'node:path';

/**
 * `pnpm dev`: the whole system on this machine — the embedded database (unless MONGODB_URI names
 * one), demo data, the three subgraphs, the event relay, the authorization server and the gateway — until Ctrl-C.
 */
const root = repoRoot();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];
let database: RunningDatabase | undefined;

const SERVICES = [
  { name: 'core', dir: 'subgraphs/core', port: 4001 },
  { name: 'trucking', dir: 'subgraphs/trucking', port: 4002 },
  { name: 'service', dir: 'subgraphs/service', port: 4003 },
  { name: 'auth', dir: 'auth', port: 4004 },
  // The event relay and the webhook dispatcher: the subgraphs' outboxes into the event log, the log into deliveries (docs/EVENTS.md).
  { name: 'events', dir: 'events', port: 4005 },
  { name: 'gateway', dir: 'gateway', port: 4000 },
] as const;

function start(name: string, dir: string, env: Record<string, string>): ChildProcess {
  const child = spawn(tsx, ['src/main.ts'], { cwd: path.join(root, dir), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}]`.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix} exited (${code ?? signal}); stopping everything`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s`);
}

/** True when nothing listens on host:port yet (binding it is the only reliable test). */
async function portIsFree(port: number, host: string): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Every port `pnpm dev` is about to take, checked before anything starts; a taken one ends it with the variable that moves it. */
async function checkPorts(ports: { name: string; host: string; port: number; variable: string }[]): Promise<void> {
  const taken = [];
  for (const entry of ports) if (!(await portIsFree(entry.port, entry.host))) taken.push(entry);
  if (taken.length === 0) return;
  for (const { name, host, port, variable } of taken) {
    console.error(`port ${port} on ${host} (${name}) is already in use: stop what listens there, or set ${variable} to another port (in .env or the environment)`);
  }
  process.exit(1);
}

let stopping = false;
async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await database?.stop();
  process.exit(code);
}

async function main(): Promise<void> {
  loadEnvFile();
  const env = devEnv();
  const host = env['HOST'] ?? '127.0.0.1';
  const ports = Object.fromEntries(SERVICES.map((s) => [s.name, Number(env[`${s.name.toUpperCase()}_PORT`] ?? s.port)]));
  const databasePort = Number(env['DB_PORT'] ?? 27017);
  await checkPorts([
    ...(process.env['MONGODB_URI'] ? [] : [{ name: 'database', host: '127.0.0.1', port: databasePort, variable: 'DB_PORT (or MONGODB_URI, to use a running database)' }]),
    ...SERVICES.map((s) => ({ name: s.name, host, port: ports[s.name]!, variable: `${s.name.toUpperCase()}_PORT` })),
  ]);
  if (!process.env['MONGODB_URI']) {
    const backend = embeddedBackend();
    database = await startFerretDB({ port: databasePort, backend, dir: embeddedDataDir(backend) }).catch((error: unknown) => {
      // Launcher missing or failing to start: its message says what to do; a stack trace would not.
      console.error(`database: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
    env['MONGODB_URI'] = database.uri;
    console.log(`database   FerretDB (${backend}) at ${database.uri} (data in ${path.relative(root, database.dir)})`);
  }
  await runSeed(env).catch(async (error: unknown) => {
    if (!(error instanceof SeedError)) throw error;
    console.error(error.message);
    await stopAll(1);
  });

  const url = (name: string, path: string) => `http://${host}:${ports[name]}${path}`;
  // People sign in at the gateway's /api/v1/auth (proxied to the authorization server); the gateway
  // reads the keys straight from it, and the development tokens of `pnpm dev-token` still count.
  const issuer = env['AUTH_ISSUER'] ?? url('gateway', '/api/v1/auth');
  for (const service of SERVICES) {
    start(service.name, service.dir, {
      ...env,
      PORT: String(ports[service.name]),
      SUBGRAPH_CORE_URL: url('core', '/graphql'),
      SUBGRAPH_TRUCKING_URL: url('trucking', '/graphql'),
      SUBGRAPH_SERVICE_URL: url('service', '/graphql'),
      AUTH_ISSUER: issuer,
      AUTH_SERVER_URL: env['AUTH_SERVER_URL'] ?? url('auth', ''),
      // The Playground signs in with its own client: its address is where the server sends the code back.
      AUTH_PLAYGROUND_REDIRECT_URIS: env['AUTH_PLAYGROUND_REDIRECT_URIS'] ?? url('gateway', '/api/v1/graphql'),
      JWT_JWKS_URL: env['JWT_JWKS_URL'] ?? url('auth', '/api/v1/auth/jwks'),
      JWT_JWKS_ISSUER: env['JWT_JWKS_ISSUER'] ?? issuer,
      JWT_DEVELOPMENT_TOKENS: env['JWT_DEVELOPMENT_TOKENS'] ?? 'on',
    });
  }
  await Promise.all(SERVICES.map((s) => waitForReady(url(s.name, '/healthz'), 60_000)));
  await waitForReady(url('gateway', '/readyz'), 30_000);

  console.log(`
AttuneLogic API is up: ${url('gateway', '/api/v1/graphql')}

  A token for a demo user (valid one hour):
    TOKEN=$(pnpm --silent dev-token --tenant acme-trucking --email dispatcher@acme-trucking.test)
  Or sign in as a person (password ${DEMO_PASSWORD}), authorization code + PKCE: docs/AUTH.md;
  the Playground (the address above, in a browser) has a "Sign in" that does it for you
    ${url('gateway', '/api/v1/auth/.well-known/openid-configuration')}
  A first query:
    curl -s ${url('gateway', '/api/v1/graphql')} -H "authorization: Bearer $TOKEN" \\
      -H 'content-type: application/json' -d '{"query":"{ me { email roles } tenant { name appType } }"}'

Ctrl-C stops everything.`);
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
}

main().catch((error: unknown) => {
  console.error(error);
  void stopAll(1);
});
