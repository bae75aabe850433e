import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * Operation limits, calibrated on the repository's client operations (schema/client/operations):
 * a test checks that every one of them passes at half of each limit.
 */
export const OPERATION_LIMITS = {
  // 16: GraphiQL's own introspection query is 15 deep, and introspection is depth-limited too.
  maxDepth: 16,
  maxAliases: 15,
  maxTokens: 2_000,
  maxDirectives: 20,
  /**
   * Of our cost model (limits/cost.ts), checked with the request's variables by the cost plugin.
   * The largest client operation at its largest page (the SPA's loads, 100 rows) costs about 3,100.
   */
  maxCost: 10_000,
  maxRootFields: 10,
};
export type OperationLimits = typeof OPERATION_LIMITS;

/** Root fields per operation, counting those inside root-level inline fragments and fragment spreads. */
export function maxRootFields(limit: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const seen = new Set<string>();
      const count = (set: SelectionSetNode): number =>
        set.selections.reduce((n, selection) => {
          if (selection.kind === Kind.FIELD) return n + 1;
          if (selection.kind === Kind.INLINE_FRAGMENT) return n + count(selection.selectionSet);
          const name = selection.name.value;
          if (seen.has(name)) return n;
          seen.add(name);
          const fragment = context.getFragment(name);
          return fragment ? n + count(fragment.selectionSet) : n;
        }, 0);
      const fields = count(operation.selectionSet);
      if (fields > limit) {
        context.reportError(new GraphQLError(`Root field limit of ${limit} exceeded, found ${fields}.`, { nodes: [operation] }));
      }
    },
  });
}

/** graphql-armor's protections (depth, aliases, directives, suggestions) plus our root-field limit, for Apollo Server. */
export function operationLimits(limits: OperationLimits, options: { hideSuggestions: boolean }) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: false, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    // Cost is ours alone (limits/cost.ts): one model for the per-operation limit and the budgets.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: options.hideSuggestions },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    plugins,
    validationRules: [...validationRules, maxRootFields(limits.maxRootFields)],
    // The token limit is graphql-js's own parse option: a refused document is an ordinary syntax
    // error (400). graphql-armor's token plugin throws from a hook that Apollo Server answers with 500.
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
