import { fileURLToPath } from 'node:url';
import { loadEnvFile } from '@attunelogic/shared/env-file';
import { devEnv } from './dev-env';
import { runSubgraphCommand, type SubgraphName } from './subgraph-command';

/** Thrown when a subgraph's seed fails; its own output has said why. */
export class SeedError extends Error {}

async function seedOf(name: SubgraphName, env: Record<string, string>): Promise<void> {
  const started = Date.now();
  console.log(`seed       ${name}: started`);
  const code = await runSubgraphCommand(name, 'src/seed-main.ts', [], env, 'prefixed');
  if (code !== 0) throw new SeedError(`seed       ${name}: failed (exit code ${code}); nothing after it was seeded`);
  console.log(`seed       ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Creates the demo tenants, users and industry data of the contract; idempotent. Each subgraph
 * seeds its own database through its own entry point (`pnpm --filter <subgraph> seed`): core first
 * (the directory of tenants and users), then trucking and service side by side, which read the
 * demo tenants from the directory.
 */
export async function runSeed(env: Record<string, string>): Promise<void> {
  await seedOf('core', env);
  const industries = await Promise.allSettled([seedOf('trucking', env), seedOf('service', env)]);
  const failed = industries.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  console.log('seed       demo data ready');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadEnvFile();
  try {
    await runSeed(devEnv());
  } catch (error) {
    if (!(error instanceof SeedError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
