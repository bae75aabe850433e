import { fileURLToPath } from 'node:url';
import { createCredentialStore } from '@attunelogic/auth';
import { loadEnvFile } from '@attunelogic/shared/env-file';
import { directoryModels, readDemoTenants } from '@attunelogic/shared/tenancy';
import { connectOrExit, devEnv } from './dev-env';
import { runSubgraphCommand, type SubgraphName } from './subgraph-command';

/** The development password of every demo user (README, demo section); public, like the demo data. */
export const DEMO_PASSWORD = 'attunelogic-demo';

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
  await seedPasswords(env);
  console.log(`seed       demo data ready (every demo user's password: ${DEMO_PASSWORD})`);
}

/**
 * The demo users' development password, in the authorization server's database, for the users the
 * directory holds. A password the person has changed since is kept: only users without one get it.
 */
async function seedPasswords(env: Record<string, string>): Promise<void> {
  const uri = env['MONGODB_URI']!;
  const prefix = env['MONGODB_DB_PREFIX']!;
  const [core, auth] = await Promise.all([connectOrExit(uri, `${prefix}-core`), connectOrExit(uri, `${prefix}-auth`)]);
  try {
    const tenants = await readDemoTenants(directoryModels(core));
    const credentials = createCredentialStore(auth);
    for (const tenant of tenants) {
      for (const user of tenant.users) {
        if (!(await credentials.get(user.id))) await credentials.setPassword({ tenantId: tenant.id, slug: tenant.slug, userId: user.id }, DEMO_PASSWORD);
      }
    }
    console.log(`seed       auth: demo passwords set for ${tenants.reduce((n, t) => n + t.users.length, 0)} users`);
  } finally {
    await Promise.all([core.close(), auth.close()]);
  }
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
