import { embeddedBackend, embeddedDataDir, startFerretDB } from '@attunelogic/shared/dev';
import { loadEnvFile } from '@attunelogic/shared/env-file';

/** `pnpm db`: the embedded database alone, on 127.0.0.1:27017 with its data under .data/. */
loadEnvFile();
const port = Number(process.env['DB_PORT'] ?? 27017);
const backend = embeddedBackend();
const db = await startFerretDB({ port, backend, dir: embeddedDataDir(backend) });
console.log(`FerretDB (${backend}) serving ${db.uri} (data in ${db.dir}); Ctrl-C stops it`);
const stop = async () => {
  await db.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
