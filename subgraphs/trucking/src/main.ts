import { runSubgraph } from '@attunelogic/shared';
import { loadTruckingConfig } from './config';
import { createTruckingServer } from './server';

await runSubgraph('trucking', loadTruckingConfig, createTruckingServer);
