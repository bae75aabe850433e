import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with pnpm-workspace.yaml). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('pnpm-workspace.yaml not found above this package');
    dir = parent;
  }
  return dir;
}

/** Where `scripts/build-ferretdb.sh` puts the launcher (override with FERRETDB_BIN). */
export const ferretdbBinary = (): string => process.env['FERRETDB_BIN'] ?? path.join(repoRoot(), '.bin', 'ferretdb');

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningDatabase {
  readonly uri: string;
  readonly dir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** FerretDB's storage: a private PostgreSQL cluster (the default) or SQLite files. */
export type EmbeddedBackend = 'postgresql' | 'sqlite';

export interface EmbeddedOptions {
  port?: number;
  /** The cluster's (or the SQLite files') folder; default a fresh temporary one, removed by `stop()`. */
  dir?: string;
  host?: string;
  /** Default `FERRETDB_BACKEND` from the environment, else `postgresql`. */
  backend?: EmbeddedBackend;
  /**
   * Serve through the launcher's write-serialising proxy (`tools/ferretdb/proxy.go`). Default on; off
   * only for measurements (`FERRETDB_SERIALIZE_WRITES=off`): FerretDB's updates are not atomic without it.
   */
  serializeWrites?: boolean;
  /** More flags for the launcher (`.bin/ferretdb -help`), for measurements. */
  launcherArgs?: readonly string[];
}

/** The backend `FERRETDB_BACKEND` names (default `postgresql`). */
export function embeddedBackend(value = process.env['FERRETDB_BACKEND']): EmbeddedBackend {
  if (value === undefined || value === '' || value === 'postgresql') return 'postgresql';
  if (value === 'sqlite') return 'sqlite';
  throw new Error(`FERRETDB_BACKEND must be postgresql or sqlite, not ${JSON.stringify(value)}`);
}

/** Where `pnpm db` and `pnpm dev` keep the embedded database: `.data/postgres` (or `.data/ferretdb` for SQLite). */
export const embeddedDataDir = (backend: EmbeddedBackend = embeddedBackend()): string =>
  path.join(repoRoot(), '.data', backend === 'postgresql' ? 'postgres' : 'ferretdb');

/**
 * Starts the embedded FerretDB launcher and resolves once it accepts connections. On PostgreSQL the
 * launcher creates (first time) and starts a private cluster in `dir` and stops it again on exit.
 */
export async function startFerretDB(options: EmbeddedOptions = {}): Promise<RunningDatabase> {
  const binary = ferretdbBinary();
  if (!existsSync(binary)) {
    throw new Error(`FerretDB launcher not found at ${binary}: run scripts/build-ferretdb.sh (or set MONGODB_URI)`);
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const backend = options.backend ?? embeddedBackend();
  const temporary = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'attunelogic-db-'));
  const args = ['-listen', `${host}:${port}`, '-handler', backend, '-dir', dir];
  if (temporary) args.push('-ephemeral');
  const serialize = options.serializeWrites ?? process.env['FERRETDB_SERIALIZE_WRITES'] !== 'off';
  args.push(`-serialize-writes=${String(serialize)}`);
  args.push(...(options.launcherArgs ?? []));
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });

  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`FerretDB did not start within 30 s: ${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited with ${code}: ${stderr}`));
    });
  });

  return {
    uri: `mongodb://${host}:${port}/`,
    dir,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}
