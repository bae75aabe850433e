import { readFileSync } from 'node:fs';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { type DocumentNode } from 'graphql';
import { gql } from 'graphql-tag';
import { type Connection } from 'mongoose';
import { type Clock } from '../clock';
import { type ReplayStore } from '../internal-context';
import { type BatchObserver } from '../loaders';
import { type Logger } from '../logger';
import { type DocumentRoutes } from '../documents/http';
import { subgraphConcurrency, type SubgraphConcurrencyConfig } from '../concurrency';
import { type TenantContext } from '../tenant';
import { isPlacedSubgraph, PlacedModels, placementUriFromDirectory } from '../tenancy/placement';
import { createSubgraphServer, type SubgraphContext, type SubgraphServer } from '../subgraph-server';

// The plumbing every subgraph repeated (SDL loading, resolver merging, the server with its context,
// error mapping and audit), written once: a subgraph declares its name, SDL files, resolvers and models.

/** What every subgraph server is built from; `main.ts` (through `runSubgraph`) and tests provide it. */
export interface SubgraphDeps {
  connection: Connection;
  /** The audit database; the subgraph's own database when absent (tests). */
  auditConnection?: Connection;
  /** Core's database, for the read-only users; the subgraph's own when absent (tests). */
  coreConnection?: Connection;
  logger: Logger;
  /** Observes loader batches (tests count them). */
  observeBatches?: BatchObserver;
  /** The requests' clock (default: the system clock). */
  clock?: Clock;
  /** Where accepted internal contexts are remembered (Redis with several instances); this process's memory when absent. */
  replayStore?: ReplayStore;
  /** The upload and download routes, for a subgraph that keeps documents. */
  documentRoutes?: DocumentRoutes;
}

/**
 * The SDL of a subgraph: its files, read relative to `base` (the `import.meta.url` of the module
 * naming them), joined in order with `shared` SDL (e.g. `PAGE_INFO_SDL`) after the first file.
 * @example loadTypeDefs(import.meta.url, ['./schema.graphql', './loads/loads.graphql'], [PAGE_INFO_SDL])
 */
export function loadTypeDefs(base: string | URL, files: readonly string[], shared: readonly string[] = []): DocumentNode {
  const [first, ...rest] = files.map((file) => readFileSync(new URL(file, base), 'utf8'));
  return gql([first ?? '', ...shared, ...rest].join('\n'));
}

const isFieldMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The resolvers of every feature as one map: the fields of a type merged across features (a field
 * defined twice throws, so two features never silently shadow each other); scalars as they are.
 */
export function mergeResolvers<TContext>(...features: readonly GraphQLResolverMap<TContext>[]): GraphQLResolverMap<TContext> {
  const merged: Record<string, unknown> = {};
  for (const feature of features) {
    for (const [type, value] of Object.entries(feature)) {
      const existing = merged[type];
      if (existing === undefined) {
        merged[type] = isFieldMap(value) ? { ...value } : value;
        continue;
      }
      if (!isFieldMap(existing) || !isFieldMap(value)) throw new Error(`Resolvers: ${type} is defined twice.`);
      for (const [field, resolver] of Object.entries(value)) {
        if (field in existing) throw new Error(`Resolvers: ${type}.${field} is defined twice.`);
        existing[field] = resolver;
      }
    }
  }
  return merged as GraphQLResolverMap<TContext>;
}

export interface SubgraphDefinition<TModels, TDeps extends SubgraphDeps> {
  /** The subgraph's name: the audience of its internal contexts and the prefix of its database. */
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<TModels>>;
  /** Every model of the subgraph, from the connections it was given. */
  models(deps: TDeps): TModels;
}

export interface Subgraph<TModels, TDeps extends SubgraphDeps> {
  readonly name: string;
  readonly typeDefs: DocumentNode;
  readonly resolvers: GraphQLResolverMap<SubgraphContext<TModels>>;
  /** The subgraph's HTTP server, ready to `start()`; does not listen. Its limits are the configuration's (defaults for what it leaves out). */
  createServer(config: { INTERNAL_CONTEXT_PUBLIC_KEYS: string } & Partial<SubgraphConcurrencyConfig>, deps: TDeps): SubgraphServer<TModels>;
}

/**
 * A subgraph from what is its own; the server, its context (tenant, loaders, clock, audit trail),
 * the error mapping and the audit log come from `createSubgraphServer`. Composed by the gateway and
 * the schema checks through `name` and `typeDefs`.
 * @example export const subgraph = defineSubgraph({ name: 'trucking', typeDefs, resolvers, models: (deps) => createTruckingModels(deps.connection) });
 */
export function defineSubgraph<TModels, TDeps extends SubgraphDeps = SubgraphDeps>(definition: SubgraphDefinition<TModels, TDeps>): Subgraph<TModels, TDeps> {
  const { name, typeDefs, resolvers } = definition;
  return {
    name,
    typeDefs,
    resolvers,
    createServer(config, deps) {
      const { work, deadlineMs } = subgraphConcurrency(config);
      // The industry subgraphs follow each tenant's placement; core (the directory) is always pooled.
      const placed = isPlacedSubgraph(name)
        ? new PlacedModels({
            connection: deps.connection,
            create: (connection) => definition.models({ ...deps, connection }),
            readUri: placementUriFromDirectory(deps.coreConnection ?? deps.connection),
          })
        : undefined;
      return createSubgraphServer({
        workLimits: work,
        deadlineMs,
        name,
        schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]),
        internalContextPublicKeys: config.INTERNAL_CONTEXT_PUBLIC_KEYS,
        connection: deps.connection,
        models: placed ? placed.pooled : definition.models(deps),
        ...(placed ? { modelsFor: (tenant: TenantContext) => placed.for(tenant) } : {}),
        logger: deps.logger,
        ...(deps.observeBatches ? { observeBatches: deps.observeBatches } : {}),
        ...(deps.auditConnection ? { auditConnection: deps.auditConnection } : {}),
        ...(deps.clock ? { clock: deps.clock } : {}),
        ...(deps.replayStore ? { replayStore: deps.replayStore } : {}),
        ...(deps.documentRoutes ? { documentRoutes: deps.documentRoutes } : {}),
      });
    },
  };
}
