// A subgraph's commands run as an operator runs them, each in a process of its own through its entry
// point: the bulk insert (documents arranged for a test, with the subgraph's own defaults and
// timestamps), the seed, core's tenant command. No subgraph code is loaded into the test.
import { spawn } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import { repoRoot } from '@attunelogic/shared/dev';
import { DB_PREFIX, type SubgraphName } from './subgraph-processes';

/** Runs `node --import tsx <entry> ...args` in `subgraphs/<name>` on the database server `uri`, `input` on stdin; resolves with its stdout, rejects with its stderr. */
export function runSubgraphCommand(
  name: SubgraphName,
  entry: string,
  options: { uri: string; args?: readonly string[]; input?: string; env?: Record<string, string> },
): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...(options.args ?? [])], {
    cwd: path.join(repoRoot(), 'subgraphs', name),
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '',
      MONGODB_URI: options.uri,
      MONGODB_DB_PREFIX: DB_PREFIX,
      LOG_LEVEL: 'error',
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${name} ${entry} ${(options.args ?? []).join(' ')} exited ${code}: ${stderr.trim()}`)),
    );
  });
}

/**
 * Inserts documents through subgraph `name`'s bulk insert: batches by model name (`Vehicle`,
 * `WorkOrder`, ...), each document validated by the subgraph's model and given its defaults and
 * timestamps. Give each document its `_id` to refer to it afterwards.
 */
export async function insertDocuments(uri: string, name: SubgraphName, batches: readonly { model: string; docs: readonly Record<string, unknown>[] }[]): Promise<void> {
  const input = batches.map((batch) => `${mongoose.mongo.BSON.EJSON.stringify({ label: `${name}.${batch.model}`, model: batch.model, docs: batch.docs })}\n`).join('');
  await runSubgraphCommand(name, 'src/bulk-insert.ts', { uri, input });
}

/** Core's tenant command (`pnpm tenant <command> ...`) as operator `actor`; resolves with the line it printed. */
export async function tenantCommand(uri: string, actor: string, command: string, options: Record<string, string>): Promise<string> {
  const args = [command, ...Object.entries(options).flatMap(([name, value]) => [`--${name}`, value]), '--actor', actor];
  return (await runSubgraphCommand('core', 'src/tenant-cli.ts', { uri, args })).trim();
}

/** Subgraph `name`'s demo data for the tenants `slugs` of the directory, through its seed (`src/seed-main.ts --tenant ...`). */
export async function seedTenants(uri: string, name: 'trucking' | 'service', slugs: readonly string[]): Promise<void> {
  await runSubgraphCommand(name, 'src/seed-main.ts', { uri, args: slugs.flatMap((slug) => ['--tenant', slug]) });
}
