import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { embeddedBackend, embeddedDataDir, repoRoot, startFerretDB, type RunningDatabase } from '@attunelogic/shared';
import { devEnv } from './dev-env';
import { runSeed } from './seed';

/**
 * `pnpm dev`: the whole system on this machine — the embedded database (unless MONGODB_URI names
 * one), demo data, the three subgraphs and the gateway — until Ctrl-C.
 */
const root = repoRoot();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];
let database: RunningDatabase | undefined;

const SERVICES = [
  { name: 'core', dir: 'subgraphs/core', port: 4001 },
  { name: 'trucking', dir: 'subgraphs/trucking', port: 4002 },
  { name: 'service', dir: 'subgraphs/service', port: 4003 },
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
  const env = devEnv();
  const host = env['HOST'] ?? '127.0.0.1';
  if (!process.env['MONGODB_URI']) {
    const backend = embeddedBackend();
    database = await startFerretDB({ port: Number(env['DB_PORT'] ?? 27017), backend, dir: embeddedDataDir(backend) });
    env['MONGODB_URI'] = database.uri;
    console.log(`database   FerretDB (${backend}) at ${database.uri} (data in ${path.relative(root, database.dir)})`);
  }
  await runSeed(env);

  const ports = Object.fromEntries(SERVICES.map((s) => [s.name, Number(env[`${s.name.toUpperCase()}_PORT`] ?? s.port)]));
  const url = (name: string, path: string) => `http://${host}:${ports[name]}${path}`;
  for (const service of SERVICES) {
    start(service.name, service.dir, {
      ...env,
      PORT: String(ports[service.name]),
      SUBGRAPH_CORE_URL: url('core', '/graphql'),
      SUBGRAPH_TRUCKING_URL: url('trucking', '/graphql'),
      SUBGRAPH_SERVICE_URL: url('service', '/graphql'),
    });
  }
  await Promise.all(SERVICES.map((s) => waitForReady(url(s.name, '/healthz'), 60_000)));
  await waitForReady(url('gateway', '/readyz'), 30_000);

  console.log(`
AttuneLogic API is up: ${url('gateway', '/api/v1/graphql')}

  A token for a demo user (valid one hour):
    TOKEN=$(pnpm --silent run token --tenant acme-trucking --email dispatcher@acme-trucking.test)
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
