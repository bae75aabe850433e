import { spawn } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import { describe, expect, inject, it } from 'vitest';
import { freePort, repoRoot } from '@attunelogic/shared/dev';
import type {} from '@attunelogic/shared/testing';
import { DEMO_TENANTS } from '@attunelogic/shared/tenancy';
import { DEV_DEFAULTS } from './dev-env';

/**
 * `pnpm seed` and `pnpm tenant` as a developer runs them: each subgraph's command runs through its
 * own entry point in a process of its own, against the test run's database server.
 */
const root = repoRoot();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const { MONGODB_URI: _defaultUri, ...secrets } = DEV_DEFAULTS;

function run(file: string, args: string[], env: Record<string, string>, cwd = root): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'development', LOG_LEVEL: 'silent', ...secrets };
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

async function countsIn(prefix: string): Promise<Record<string, number>> {
  const client = await mongoose.mongo.MongoClient.connect(inject('mongodbUri'), { retryWrites: false });
  try {
    return {
      tenants: await client.db(`${prefix}-core`).collection('customers').countDocuments(),
      users: await client.db(`${prefix}-core`).collection('users').countDocuments(),
      vehicles: await client.db(`${prefix}-trucking`).collection('vehicles').countDocuments(),
      workOrders: await client.db(`${prefix}-service`).collection('workOrders').countDocuments(),
      passwords: await client.db(`${prefix}-auth`).collection('credentials').countDocuments(),
    };
  } finally {
    await client.close();
  }
}

describe('pnpm seed', () => {
  it('seeds the directory, then each industry through its own subgraph, and a second run changes nothing', async () => {
    const prefix = `seed-${Date.now().toString(36)}`;
    const env = { MONGODB_URI: inject('mongodbUri'), MONGODB_DB_PREFIX: prefix };
    const first = await run('scripts/src/seed.ts', [], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe('seed       core: started');
    expect(lines).toContain(`[core]      ${DEMO_TENANTS.length} demo tenants ready:`);
    expect(lines.filter((line) => line.startsWith('[trucking]'))).toEqual([
      expect.stringMatching(/^\[trucking\] +demo trucking data ready \([1-9]\d* records created\)$/),
    ]);
    expect(lines.filter((line) => line.startsWith('[service]'))).toEqual([expect.stringMatching(/^\[service\] +demo service data ready \([1-9]\d* records created\)$/)]);
    // Then the demo users' development password, for every user of the directory.
    expect(lines).toContain(`seed       auth: demo passwords set for ${DEMO_TENANTS.length * 5} users`);
    expect(lines.at(-1)).toBe("seed       demo data ready (every demo user's password: attunelogic-demo)");
    // Core finishes before either industry starts: they read the demo tenants it wrote.
    expect(lines.indexOf('seed       trucking: started')).toBeGreaterThan(lines.findIndex((line) => line.startsWith('seed       core: done')));
    const seeded = await countsIn(prefix);
    expect(seeded).toMatchObject({ tenants: DEMO_TENANTS.length, users: DEMO_TENANTS.length * 5, passwords: DEMO_TENANTS.length * 5 });
    expect(seeded.vehicles).toBeGreaterThan(0);
    expect(seeded.workOrders).toBeGreaterThan(0);

    const second = await run('scripts/src/seed.ts', [], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('demo trucking data ready (0 records created)');
    expect(second.stdout).toContain('demo service data ready (0 records created)');
    expect(await countsIn(prefix)).toEqual(seeded);
    // Six processes in all, each loading its subgraph through tsx: a loaded machine needs the time.
  }, 240_000);

  it('an industry seed alone, before the directory has its tenants, names the command to run', async () => {
    const result = await run(
      'src/seed-main.ts',
      [],
      { MONGODB_URI: inject('mongodbUri'), MONGODB_DB_PREFIX: `unseeded-${Date.now().toString(36)}` },
      path.join(root, 'subgraphs', 'trucking'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('trucking seed: the demo tenant acme-trucking is not in the directory: run pnpm seed (it seeds the directory first)');
  });

  it('without a database, stops at the first subgraph with one line each, and exit code 1', async () => {
    const nowhere = `mongodb://127.0.0.1:${await freePort()}/`;
    const result = await run('scripts/src/seed.ts', [], { MONGODB_URI: nowhere });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `[core]      core seed: no database at ${nowhere}: start it with pnpm db / pnpm dev or set MONGODB_URI`,
      'seed       core: failed (exit code 1); nothing after it was seeded',
    ]);
    expect(result.stdout).not.toContain('trucking');
  });
});
