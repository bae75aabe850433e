import { type Connection } from 'mongoose';
import { z } from 'zod';
import { baseEnv, ConfigError, loadConfig } from '../config';
import { loadEnvFile } from '../env-file';
import { connectDatabase } from '../mongo/connect';
import { databaseUnreachableMessage, isDatabaseUnreachable } from '../run-service';

const commandEnv = z.object({ MONGODB_URI: baseEnv.MONGODB_URI, MONGODB_DB_PREFIX: baseEnv.MONGODB_DB_PREFIX });

/** Connections to `<prefix>-<name>` for each name, and one call that closes them all. */
export type CommandDatabases<N extends string> = Record<N, Connection> & { close(): Promise<void> };

/**
 * The databases a command of a subgraph works on (its seed, core's `tenant`): `.env` read, then
 * `<prefix>-<name>` on MONGODB_URI for each name. An invalid environment or a database that does
 * not answer ends the process with exit code 1 and one line saying why (`label: ` before it unless
 * `label` is empty), never a stack trace.
 */
export async function openCommandDatabases<N extends string>(label: string, names: readonly N[]): Promise<CommandDatabases<N>> {
  loadEnvFile();
  const say = (message: string) => console.error(label ? `${label}: ${message}` : message);
  let config: z.infer<typeof commandEnv>;
  try {
    config = loadConfig(commandEnv, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    say(error.message);
    process.exit(1);
  }
  const connections = await Promise.allSettled(names.map((name) => connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-${name}`)));
  const opened = connections.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = connections.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(opened.map((connection) => connection.close()));
    if (!isDatabaseUnreachable(failed.reason)) throw failed.reason;
    say(databaseUnreachableMessage(config.MONGODB_URI));
    process.exit(1);
  }
  const byName = Object.fromEntries(names.map((name, i) => [name, opened[i]!])) as Record<N, Connection>;
  return Object.assign(byName, {
    async close() {
      await Promise.all(opened.map((connection) => connection.close()));
    },
  });
}

/** The databases a subgraph's seed writes and reads: its own, and core's (the directory of tenants and users). */
export interface SeedDatabases {
  readonly own: Connection;
  readonly core: Connection;
}

/**
 * The `main` of a subgraph's seed (`pnpm --filter @attunelogic/subgraph-<name> seed`, which
 * `pnpm seed` spawns): runs `seed` on the subgraph's database and core's, and prints the lines it
 * returns. A failing seed ends with exit code 1 and one line naming the subgraph and the reason.
 */
export async function runSeedCommand(name: string, seed: (databases: SeedDatabases) => Promise<readonly string[]>): Promise<void> {
  const databases = await openCommandDatabases(`${name} seed`, name === 'core' ? ['core'] : [name, 'core']);
  try {
    for (const line of await seed({ own: databases[name]!, core: databases['core']! })) console.log(line);
  } catch (error) {
    console.error(`${name} seed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await databases.close();
  }
}
