import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { loadSubgraphs, type SubgraphSdl } from './subgraphs';

/** The industries and the subgraphs each one's users can reach. */
export const INDUSTRY_SUBGRAPHS = {
  trucking: ['core', 'trucking'],
  serviceRepair: ['core', 'service'],
} as const;

export interface ComposedSchemas {
  /** The supergraph the gateway plans with (join directives included). */
  supergraph: string;
  /** The public API schema: what clients see and what the typed client is generated from. */
  api: string;
  /** The API schema as each industry's users see it (introspection shows only their part). */
  industries: Record<keyof typeof INDUSTRY_SUBGRAPHS, string>;
}

export type ComposeResult = { ok: true; schemas: ComposedSchemas } | { ok: false; errors: string[] };

/** Composes a supergraph; the composition errors, or its SDL. */
export function composeSupergraph(subgraphs: SubgraphSdl[] = loadSubgraphs()): { errors: string[]; supergraphSdl?: string } {
  const result = composeServices(subgraphs);
  if (result.errors) return { errors: result.errors.map((e) => `${String(e.extensions['code'] ?? 'ERROR')}: ${e.message}`) };
  return { errors: [], supergraphSdl: `${result.supergraphSdl.trim()}\n` };
}

/** The client-facing API schema of a supergraph (no federation internals). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

const printSorted = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema)).trim()}\n`;

/** Everything `schema/` commits, composed from the subgraphs' SDL files (supergraph.yaml). */
export function composeAll(subgraphs: SubgraphSdl[] = loadSubgraphs()): ComposeResult {
  const full = composeSupergraph(subgraphs);
  if (!full.supergraphSdl) return { ok: false, errors: full.errors };
  const industries = {} as Record<keyof typeof INDUSTRY_SUBGRAPHS, string>;
  for (const [industry, names] of Object.entries(INDUSTRY_SUBGRAPHS) as [keyof typeof INDUSTRY_SUBGRAPHS, readonly string[]][]) {
    const part = composeSupergraph(subgraphs.filter((s) => names.includes(s.name)));
    if (!part.supergraphSdl) return { ok: false, errors: part.errors.map((e) => `${industry}: ${e}`) };
    industries[industry] = printSorted(apiSchemaOf(part.supergraphSdl));
  }
  return { ok: true, schemas: { supergraph: full.supergraphSdl, api: printSorted(apiSchemaOf(full.supergraphSdl)), industries } };
}
