import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@attunelogic/shared';

/** A page size as the subgraphs will serve it: the default when absent, never outside 1..MAX_PAGE_SIZE. */
function pageSize(node: ValueNode | undefined, variables: Record<string, unknown>): number {
  let value: unknown;
  if (node?.kind === Kind.INT) value = Number(node.value);
  else if (node?.kind === Kind.VARIABLE) value = variables[node.name.value];
  // Anything that is not an integer is refused by validation or by the subgraph (BAD_USER_INPUT); a
  // value out of range is refused too, so it never costs more than a full page, and never less than one.
  if (typeof value !== 'number' || !Number.isInteger(value)) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(value, 1), MAX_PAGE_SIZE);
}

/** What the schema says of one field's cost: its type, its weight (`@cost`) and the size of its list (`@listSize`). */
export interface FieldCost {
  /** The named type the field returns. */
  readonly type: string;
  /** Points for the field itself (`@cost(weight:)`); 1 when not set. */
  readonly weight: number;
  /** For a list that is not a connection: how many items it is costed at (`@listSize(assumedSize:)`). */
  readonly assumedSize?: number;
}

/** The costs the supergraph declares, by `Type.field`, and the root types' names. */
export interface SchemaCosts {
  readonly fields: ReadonlyMap<string, FieldCost>;
  readonly roots: { readonly query: string; readonly mutation: string };
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
const intArgument = (directive: ConstDirectiveNode | undefined, name: string): number | undefined => {
  const value = directive?.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.INT ? Number(value.value) : undefined;
};

/**
 * The costs declared in a supergraph: federation's `@cost(weight:)` on a field and `@listSize(assumedSize:)`
 * on a list that is not a connection (connections are costed by their `first`). Fields without them
 * cost one point each.
 */
export function schemaCosts(supergraphSdl: string): SchemaCosts {
  const fields = new Map<string, FieldCost>();
  const roots = { query: 'Query', mutation: 'Mutation' };
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION) {
      for (const op of definition.operationTypes) {
        if (op.operation === 'query') roots.query = op.type.name.value;
        if (op.operation === 'mutation') roots.mutation = op.type.name.value;
      }
      continue;
    }
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      const cost = field.directives?.find((d) => d.name.value === 'cost');
      const listSize = field.directives?.find((d) => d.name.value === 'listSize');
      const assumedSize = intArgument(listSize, 'assumedSize');
      fields.set(`${definition.name.value}.${field.name.value}`, {
        type: namedType(field.type),
        weight: intArgument(cost, 'weight') ?? 1,
        ...(assumedSize !== undefined && { assumedSize }),
      });
    }
  }
  return { fields, roots };
}

/**
 * The one cost model of the gateway: one point per field, or its `@cost` weight from the schema;
 * the fields below a connection's `edges` counted once per item the page may return (`first`,
 * clamped, or the default page size), and below a list with `@listSize` once per assumed item. So
 * aliasing an expensive field multiplies its cost. Fragments are expanded as executed; each fragment
 * is costed once per page size, so a fragment that spreads another twice, thirty times over, costs
 * thirty steps to estimate (and 2^30 points). Without `schema`, every field costs one point.
 * Used for both the per-operation limit and the tenant's cost budget.
 */
export function estimateCost(document: DocumentNode, variables: Record<string, unknown> = {}, operation?: OperationDefinitionNode, schema?: SchemaCosts): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  // `type` is the named type the selection is on (undefined without a schema, or for a type it does not know).
  const ofSet = (set: SelectionSetNode | undefined, type: string | undefined, page: number): number => {
    if (!set) return 0;
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += ofField(selection, type, page);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += ofSet(selection.selectionSet, selection.typeCondition?.name.value ?? type, page);
      else total += ofFragment(selection.name.value, page);
    }
    return total;
  };
  const ofFragment = (name: string, page: number): number => {
    const key = `${name}:${page}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    // A cycle is refused by validation; here it simply adds nothing.
    if (visiting.has(key)) return 0;
    visiting.add(key);
    const fragment = fragments.get(name);
    const cost = ofSet(fragment?.selectionSet, fragment?.typeCondition.name.value, page);
    visiting.delete(key);
    memo.set(key, cost);
    return cost;
  };
  const ofField = (field: FieldNode, type: string | undefined, page: number): number => {
    const declared = type === undefined ? undefined : schema?.fields.get(`${type}.${field.name.value}`);
    const first = pageSize(field.arguments?.find((a) => a.name.value === 'first')?.value, variables);
    const items = field.name.value === 'edges' ? page : (declared?.assumedSize ?? 1);
    return (declared?.weight ?? 1) + items * ofSet(field.selectionSet, declared?.type, first);
  };

  // The operation that runs; without one, every operation of the document.
  const operations = operation ? [operation] : document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const rootOf = (o: OperationDefinitionNode): string | undefined =>
    schema ? (o.operation === 'mutation' ? schema.roots.mutation : o.operation === 'query' ? schema.roots.query : undefined) : undefined;
  return operations.reduce((total, o) => total + ofSet(o.selectionSet, rootOf(o), DEFAULT_PAGE_SIZE), 0);
}
