import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, repoRoot } from '@attunelogic/shared/dev';
import type {} from '@attunelogic/shared/testing';
import { DEV_DEFAULTS } from './dev-env';

/**
 * What a newcomer sees when the machine is not ready: the commands and services are started as
 * `pnpm` starts them (tsx, their own process), and each must end non-zero with one clear line,
 * not a stack trace.
 */
const root = repoRoot();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>, cwd = root): Promise<Outcome> {
  // Only what a shell would pass, plus the test's own variables, which win over a developer's .env.
  const base = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'development', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...secrets };
  const child = spawn(tsx, [file, ...args], { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port something holds for the whole file, as another program would. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

// The development secrets, but no MONGODB_URI: each test names its database, or none.
const { MONGODB_URI: _defaultUri, ...secrets } = DEV_DEFAULTS;

const STACK_FRAME = /^\s+at /m;

describe('no database', () => {
  let nowhere: string;
  beforeAll(async () => {
    nowhere = `mongodb://127.0.0.1:${await freePort()}/`;
  });

  it('pnpm dev-token says where it looked and how to start one', async () => {
    const result = await run('scripts/src/dev-token.ts', ['--tenant', 'acme-trucking', '--email', 'dispatcher@acme-trucking.test'], {
      MONGODB_URI: nowhere,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(`no database at ${nowhere}: start it with pnpm db / pnpm dev or set MONGODB_URI`);
  });

  it('pnpm tenant says the same, and hides the credentials of the URI', async () => {
    const uri = nowhere.replace('//', '//operator:hunter2@');
    const result = await run('scripts/src/tenant.ts', ['activate', '--slug', 'acme-trucking'], { MONGODB_URI: uri });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`no database at ${nowhere.replace('//', '//***@')}: start it with pnpm db / pnpm dev or set MONGODB_URI`);
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('no database launcher', () => {
  it('pnpm dev says what is missing and how to do without it', async () => {
    const result = await run('scripts/src/dev.ts', [], {
      FERRETDB_BIN: path.join(root, '.bin', 'no-such-launcher'),
      DB_PORT: String(await freePort()),
      CORE_PORT: String(await freePort()),
      TRUCKING_PORT: String(await freePort()),
      SERVICE_PORT: String(await freePort()),
      GATEWAY_PORT: String(await freePort()),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^database: .*no-such-launcher.*MONGODB_URI/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('a port already taken', () => {
  let held: { server: Server; port: number };
  beforeAll(async () => {
    held = await holdPort();
  });
  afterAll(async () => {
    await new Promise((resolve) => held.server.close(resolve));
  });

  it('a subgraph names itself, the port and PORT, and exits 1', async () => {
    const result = await run(
      'src/main.ts',
      [],
      { MONGODB_URI: inject('mongodbUri'), MONGODB_DB_PREFIX: 'startup-messages', PORT: String(held.port) },
      path.join(root, 'subgraphs', 'core'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`core: port ${held.port} on 127.0.0.1 is already in use: set PORT to another port (under pnpm dev: CORE_PORT).`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('the gateway does the same', async () => {
    const result = await run(
      'src/main.ts',
      [],
      { MONGODB_URI: inject('mongodbUri'), MONGODB_DB_PREFIX: 'startup-messages', PORT: String(held.port) },
      path.join(root, 'gateway'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`gateway: port ${held.port} on 127.0.0.1 is already in use: set PORT to another port (under pnpm dev: GATEWAY_PORT).`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('pnpm dev checks every port before it starts anything, and names the variable that moves it', async () => {
    const result = await run('scripts/src/dev.ts', [], {
      // A database URI that is never reached: the check comes first.
      MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}/`,
      TRUCKING_PORT: String(held.port),
      // The others free, whatever else runs on this machine.
      CORE_PORT: String(await freePort()),
      SERVICE_PORT: String(await freePort()),
      GATEWAY_PORT: String(await freePort()),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `port ${held.port} on 127.0.0.1 (trucking) is already in use: stop what listens there, or set TRUCKING_PORT to another port (in .env or the environment)`,
    );
    expect(result.stdout).toBe('');
  });
});
