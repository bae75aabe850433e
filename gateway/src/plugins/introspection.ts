import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { buildSchema, execute, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { type AppType } from '@attunelogic/shared';
import { type GatewayContext } from '../context';
import { refusal, refusalError } from '../http/refusals';
import { executedRootFields } from '../operation';

const isIntrospectionField = (name: string) => name === '__schema' || name === '__type';

/** Whether the operation, as executed (fragments included), asks for introspection only, for data only, or for both. */
function introspectionKind(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined) {
  const fields = executedRootFields(schema, document, operation, variables).filter((name) => name !== '__typename');
  const introspection = fields.some(isIntrospectionField);
  const data = fields.some((name) => !isIntrospectionField(name));
  return !introspection ? 'none' : data ? 'mixed' : 'only';
}

const MIXED = refusal('GRAPHQL_VALIDATION_FAILED', 'Send introspection (__schema, __type) in an operation of its own.');

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
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation && introspectionKind(schema, document, operation, request.variables) === 'mixed') throw refusalError(MIXED);
        },
        async responseForOperation({ schema, operation, document, request, contextValue }) {
          if (introspectionKind(schema, document, operation, request.variables) !== 'only') return null;
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
