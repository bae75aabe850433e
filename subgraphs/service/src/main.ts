import { runSubgraph } from '@attunelogic/shared';
import { loadServiceConfig } from './config';
import { createServiceServer } from './server';

await runSubgraph('service', loadServiceConfig, createServiceServer);
