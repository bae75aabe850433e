import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
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

/**
 * The one cost model of the gateway: one point per field; the fields below a connection's `edges`
 * counted once per item the page may return (`first`, clamped, or the default page size). Fragments
 * are expanded as executed; each fragment is costed once per page size, so a fragment that spreads
 * another twice, thirty times over, costs thirty steps to estimate (and 2^30 points).
 * Used for both the per-operation limit and the tenant's cost budget.
 */
export function estimateCost(document: DocumentNode, variables: Record<string, unknown> = {}, operation?: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  const ofSet = (set: SelectionSetNode | undefined, page: number): number => {
    if (!set) return 0;
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += ofField(selection, page);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += ofSet(selection.selectionSet, page);
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
    const cost = ofSet(fragments.get(name)?.selectionSet, page);
    visiting.delete(key);
    memo.set(key, cost);
    return cost;
  };
  const ofField = (field: FieldNode, page: number): number => {
    const first = pageSize(field.arguments?.find((a) => a.name.value === 'first')?.value, variables);
    const items = field.name.value === 'edges' ? page : 1;
    return 1 + items * ofSet(field.selectionSet, first);
  };

  // The operation that runs; without one, every operation of the document.
  const operations = operation ? [operation] : document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operations.reduce((total, o) => total + ofSet(o.selectionSet, DEFAULT_PAGE_SIZE), 0);
}
