// `pnpm --filter @attunelogic/subgraph-core tenant <command>` (what `pnpm tenant` runs): the
// operator's changes to a tenant (tenant-cli-commands.ts): its settings, its placement and its data, each written to the tenant's audit log like a change through the API.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DomainError } from '@attunelogic/shared/errors';
import { createDocumentStorage, documentsEnv, type DocumentStorage } from '@attunelogic/shared/documents';
import { openCommandDatabases } from '@attunelogic/shared/dev';
import { Presets, SingleBar } from 'cli-progress';
import { z } from 'zod';
import { createCoreModels } from './models';
import { type PortabilityIo } from './portability/portability.service';
import { OPTIONS, runTenantCommand, USAGE, UsageError, type MoveCommandDeps } from './tenant-cli-commands';
import { type MoveProgress } from './tenants/placement-move';

/** The document storage the subgraphs are configured with (DOCUMENT_STORAGE, ...): a tenant's files are exported and erased with it. */
function documentStorageFromEnv(): DocumentStorage {
  return createDocumentStorage(z.object(documentsEnv).parse(process.env));
}

/** The move's progress on stderr: a bar per collection where stderr is a terminal, lines otherwise. */
function progressBar(): MoveProgress {
  const bar = new SingleBar({ stream: process.stderr, format: '  {label} [{bar}] {value}/{total}', noTTYOutput: false }, Presets.shades_classic);
  let active = false;
  return {
    say: (line) => process.stderr.write(`${line}\n`),
    start(label, total) {
      if (!process.stderr.isTTY || total === 0) return;
      bar.start(total, 0, { label });
      active = true;
    },
    advance(count) {
      if (active) bar.increment(count);
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ options: OPTIONS, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // No label: the one line about a missing database is what `pnpm tenant` says.
  const databases = await openCommandDatabases('', ['core', 'audit']);
  let exitCode = 0;
  try {
    const models = createCoreModels(databases.core, { auditConnection: databases.audit });
    // The portability and move commands name the tenant first: `pnpm tenant export <slug> --out …`.
    const slug = values.slug ?? positionals[1];
    const io: PortabilityIo = { storage: documentStorageFromEnv(), progress: (message) => console.error(message) };
    const moveDeps: MoveCommandDeps = {
      deployment: {
        prefix: process.env['MONGODB_DB_PREFIX'] ?? 'attunelogic',
        uri: process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017/',
        connection: databases.core,
      },
      cacheTtlMs: Number(process.env['TENANT_CACHE_TTL_MS'] ?? 30_000),
      progress: progressBar(),
    };
    const actor = values.actor ?? `operator:${userInfo().username}`;
    console.log(await runTenantCommand(models, positionals[0], { ...values, ...(slug ? { slug } : {}) }, actor, io, moveDeps));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      exitCode = 2;
    } else if (error instanceof DomainError) {
      const issues = (error.details?.['issues'] ?? []) as { path: string; message: string }[];
      console.error([`${error.code}: ${error.message}`, ...issues.map((issue) => `  - ${issue.path || '(input)'}: ${issue.message}`)].join('\n'));
      exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    await databases.close();
  }
  process.exitCode = exitCode;
}

await main();
