// The composed API schema as the gateway serves it, read from the committed files: the sweep and the
// seeding enumerate operations from here, so a new operation is covered without a new test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

export type AppType = 'trucking' | 'serviceRepair';
export const APP_TYPES: readonly AppType[] = ['trucking', 'serviceRepair'];
export type OperationKind = 'query' | 'mutation';
export type RootField = GraphQLField<unknown, unknown>;

/** The repository root (this file is tests/adversarial/src/support/schema.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const read = (relative: string): GraphQLSchema => buildSchema(readFileSync(path.join(REPO_ROOT, relative), 'utf8'));

/** schema/api-schema.graphql: what clients see. */
export const loadApiSchema = (): GraphQLSchema => read('schema/api-schema.graphql');

/** schema/api/<industry>.graphql: the part of the API each industry's tenants can use. */
export const loadIndustrySchemas = (): Record<AppType, GraphQLSchema> => ({
  trucking: read('schema/api/trucking.graphql'),
  serviceRepair: read('schema/api/serviceRepair.graphql'),
});

export const rootType = (schema: GraphQLSchema, kind: OperationKind): GraphQLObjectType | undefined =>
  kind === 'query' ? (schema.getQueryType() ?? undefined) : (schema.getMutationType() ?? undefined);

/** The root fields of one kind, by name. */
export const rootFields = (schema: GraphQLSchema, kind: OperationKind): RootField[] => Object.values(rootType(schema, kind)?.getFields() ?? {});

/** The industries whose API has this root field. */
export const industriesOf = (industries: Record<AppType, GraphQLSchema>, kind: OperationKind, name: string): AppType[] =>
  APP_TYPES.filter((appType) => Boolean(rootType(industries[appType], kind)?.getFields()[name]));

/** True for a cursor connection type: `edges { node }`. */
export function connectionNode(type: unknown): GraphQLObjectType | undefined {
  const named = getNamedType(type as GraphQLInputType);
  if (!isObjectType(named)) return undefined;
  const edges = named.getFields()['edges'];
  if (!edges) return undefined;
  const edge = getNamedType(edges.type);
  if (!isObjectType(edge)) return undefined;
  const node = edge.getFields()['node'];
  const nodeType = node ? getNamedType(node.type) : undefined;
  return nodeType && isObjectType(nodeType) ? nodeType : undefined;
}

/** True when a field has an argument that must be given. */
export const hasRequiredArgs = (field: { args: readonly { type: GraphQLInputType; defaultValue?: unknown }[] }): boolean =>
  field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);

/** Whether an input type contains a value of type ID anywhere. */
export function containsId(type: GraphQLInputType, seen = new Set<string>()): boolean {
  if (isNonNullType(type) || isListType(type)) return containsId(type.ofType as GraphQLInputType, seen);
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return false;
    seen.add(type.name);
    return Object.values(type.getFields()).some((f) => containsId(f.type, seen));
  }
  return type.name === 'ID';
}
