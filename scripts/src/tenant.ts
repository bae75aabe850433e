import { loadEnvFile } from '@attunelogic/shared/env-file';
import { devEnv } from './dev-env';
import { runSubgraphCommand } from './subgraph-command';

/**
 * `pnpm tenant <command>`: core's operator command (`subgraphs/core/src/tenant-cli.ts`, which writes
 * the directory and the audit log), run through core's own entry point with the development
 * defaults filled in; its output, messages and exit code are the command's.
 */
loadEnvFile();
process.exitCode = await runSubgraphCommand('core', 'src/tenant-cli.ts', process.argv.slice(2), devEnv(), 'inherit');
