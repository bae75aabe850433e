import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { collectFields } from 'graphql/execution/collectFields.js';

/**
 * The names of the root fields an operation executes, collected the way graphql-js executes it:
 * through fragment spreads and inline fragments, after `@skip`/`@include`. Decisions about an
 * operation (introspection, cache invalidation) read these, never the selections as written.
 */
export function executedRootFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): string[] {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return [];
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const fields = collectFields(schema, fragments, variables, rootType, operation.selectionSet);
  return [...fields.values()].flatMap((nodes) => (nodes[0] ? [nodes[0].name.value] : []));
}
