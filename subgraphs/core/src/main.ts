import { runSubgraph } from '@attunelogic/shared';
import { loadCoreConfig } from './config';
import { createCoreServer } from './server';

await runSubgraph('core', loadCoreConfig, createCoreServer);
