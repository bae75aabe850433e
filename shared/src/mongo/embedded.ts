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

/**
 * Starts the embedded FerretDB (SQLite) launcher and resolves once it accepts connections.
 * `dir` defaults to a fresh temporary folder, removed again by `stop()`.
 */
export async function startFerretDB(options: { port?: number; dir?: string; host?: string } = {}): Promise<RunningDatabase> {
  const binary = ferretdbBinary();
  if (!existsSync(binary)) {
    throw new Error(`FerretDB launcher not found at ${binary}: run scripts/build-ferretdb.sh (or set MONGODB_URI)`);
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const temporary = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'attunelogic-db-'));
  const child = spawn(binary, ['-listen', `${host}:${port}`, '-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });

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
