import { type SubgraphDeps, type SubgraphServer } from '@attunelogic/shared/subgraph';
import { type TruckingConfig } from './env';
import { type TruckingModels } from './models';
import { subgraph } from './subgraph';

export type TruckingServerDeps = SubgraphDeps;

/** The trucking subgraph's HTTP server, ready to `start()`; does not listen. */
export const createTruckingServer = (config: Pick<TruckingConfig, 'INTERNAL_CONTEXT_PUBLIC_KEYS'>, deps: TruckingServerDeps): SubgraphServer<TruckingModels> =>
  subgraph.createServer(config, deps);
