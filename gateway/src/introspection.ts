import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { buildSchema, execute, GraphQLError, Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { type AppType } from '@attunelogic/shared';
import { type GatewayContext } from './context';

const isIntrospectionField = (name: string) => name === '__schema' || name === '__type';

function introspectionKind(operation: OperationDefinitionNode): 'none' | 'only' | 'mixed' {
  let introspection = false;
  let data = false;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) data = true;
    else if (isIntrospectionField(selection.name.value)) introspection = true;
    else if (selection.name.value !== '__typename') data = true;
  }
  return !introspection ? 'none' : data ? 'mixed' : 'only';
}

/**
 * Introspection shows each tenant the schema of its own industry: a trucking partner does not see
 * the service types and fields, and the reverse. It runs against the industry's API schema
 * (composed from core + that industry's subgraph by `schema/`), never against the subgraphs.
 */
export function industryIntrospectionPlugin(industrySdl: Record<AppType, string>): ApolloServerPlugin<GatewayContext> {
  const schemas = Object.fromEntries(Object.entries(industrySdl).map(([k, sdl]) => [k, buildSchema(sdl)])) as Record<AppType, GraphQLSchema>;
  return {
    async requestDidStart() {
      return {
        // Refusals thrown here keep their HTTP status; thrown from responseForOperation they would be a 500.
        async didResolveOperation({ operation }) {
          if (operation && introspectionKind(operation) === 'mixed') {
            throw new GraphQLError('Send introspection (__schema, __type) in an operation of its own.', {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
        async responseForOperation({ operation, document, request, contextValue }) {
          if (introspectionKind(operation) !== 'only') return null;
          const result = await execute({
            schema: schemas[contextValue.tenant.appType],
            document,
            operationName: request.operationName ?? null,
            variableValues: request.variables ?? {},
          });
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: result } };
        },
      };
    },
  };
}
