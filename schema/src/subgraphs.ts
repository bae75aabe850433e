import { parse, print, type DocumentNode } from 'graphql';
import { subgraph as core } from '@attunelogic/subgraph-core';
import { subgraph as trucking } from '@attunelogic/subgraph-trucking';
import { subgraph as service } from '@attunelogic/subgraph-service';

export interface SubgraphSdl {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

/** The subgraphs of the supergraph, with their default local URLs (the gateway overrides them). */
export const SUBGRAPHS: SubgraphSdl[] = [
  { name: core.name, url: 'http://127.0.0.1:4001/graphql', typeDefs: core.typeDefs },
  { name: trucking.name, url: 'http://127.0.0.1:4002/graphql', typeDefs: trucking.typeDefs },
  { name: service.name, url: 'http://127.0.0.1:4003/graphql', typeDefs: service.typeDefs },
].map((s) => ({ ...s, typeDefs: parse(print(s.typeDefs)) }));
