import path from 'node:path';
import { repoRoot, startFerretDB } from '@attunelogic/shared';
import { loadEnvFile } from '@attunelogic/shared/env-file';

/** `pnpm db`: the embedded database alone, on 127.0.0.1:27017 with its files under .data/. */
loadEnvFile();
const port = Number(process.env['DB_PORT'] ?? 27017);
const db = await startFerretDB({ port, dir: path.join(repoRoot(), '.data', 'ferretdb') });
console.log(`FerretDB serving ${db.uri} (files in ${db.dir}); Ctrl-C stops it`);
const stop = async () => {
  await db.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
