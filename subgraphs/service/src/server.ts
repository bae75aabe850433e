import { type SubgraphConcurrencyConfig } from '@attunelogic/shared';
import { type SubgraphDeps, type SubgraphServer } from '@attunelogic/shared/subgraph';
import { type ServiceConfig } from './env';
import { type ServiceModels } from './models';
import { subgraph } from './subgraph';

export type ServiceServerDeps = SubgraphDeps;

/** The service subgraph's HTTP server, ready to `start()`; does not listen. */
export const createServiceServer = (
  config: Pick<ServiceConfig, 'INTERNAL_CONTEXT_PUBLIC_KEYS'> & Partial<SubgraphConcurrencyConfig>,
  deps: ServiceServerDeps,
): SubgraphServer<ServiceModels> => subgraph.createServer(config, deps);
