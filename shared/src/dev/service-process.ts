// Services in processes of their own, started through their entry points: what the bench and the
// system test suites run the subgraphs as (they never import a subgraph).

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../mongo/embedded';

/** A service running in its own Node.js process. */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** Our gateway's metrics listener (loopback), where it has one. */
  readonly metricsUrl?: string;
  /** The last lines it wrote (stderr and stdout), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `entry` (a TypeScript file, relative to `dir`) as `node --import tsx <entry>`: one process
 * whose pid is the server's own (the `tsx` binary would put the server in a child process, and CPU
 * time would be read from the wrong pid). Resolves once `healthPath` answers 200.
 */
export async function startService(options: {
  name: string;
  dir: string;
  entry?: string;
  port: number;
  env: Record<string, string>;
  healthPath?: string;
  timeoutMs?: number;
  /** Extra Node.js options, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: readonly string[];
  /** Receives everything it writes (e.g. to pass its errors on to a test's output). */
  onOutput?: (text: string) => void;
}): Promise<ServiceProcess> {
  const cwd = path.join(repoRoot(), options.dir);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', options.entry ?? 'src/main.ts'], {
    cwd,
    env: { ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const collect = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-6_000);
    options.onOutput?.(chunk.toString());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${options.port}`;
  const service: ServiceProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    port: options.port,
    url,
    output: () => tail,
    stop: () => stopChild(child),
  };
  try {
    await waitForHealth(child, `${url}${options.healthPath ?? '/healthz'}`, options.timeoutMs ?? 120_000);
  } catch (error) {
    await stopChild(child);
    throw new Error(`${options.name} did not start: ${(error as Error).message}\n${tail.trim().split('\n').slice(-25).join('\n')}`);
  }
  return service;
}

async function waitForHealth(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not healthy within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the process has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200 (e.g. the gateway's /readyz once its subgraphs are up). */
export async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready within ${timeoutMs / 1000} s: ${last}`);
}
