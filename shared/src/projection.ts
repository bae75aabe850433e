import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** What a list resolver passes on of its `info`: the operation's selection of the field and its fragments. */
export type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/**
 * The fields (by name, not alias) an operation selects at `path` below the resolved field, through
 * fragments and inline fragments: `['edges', 'node']` gives what a connection's nodes are asked for.
 * `null` when it cannot tell (a `@skip`/`@include` on the way, which depends on variables): the
 * caller then reads everything.
 */
export function selectedFields(info: SelectionInfo, path: readonly string[]): Set<string> | null {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  const fieldsOf = (set: SelectionSetNode): FieldNode[] | null => {
    const fields: FieldNode[] = [];
    for (const selection of set.selections) {
      if (selection.directives?.length) return null;
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else {
        const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : info.fragments[selection.name.value]?.selectionSet;
        const nested = inner ? fieldsOf(inner) : null;
        if (!nested) return null;
        fields.push(...nested);
      }
    }
    return fields;
  };
  for (const step of path) {
    const next: SelectionSetNode[] = [];
    for (const set of sets) {
      const fields = fieldsOf(set);
      if (!fields) return null;
      for (const field of fields) if (field.name.value === step && field.selectionSet) next.push(field.selectionSet);
    }
    sets = next;
  }
  const names = new Set<string>();
  for (const set of sets) {
    const fields = fieldsOf(set);
    if (!fields) return null;
    for (const field of fields) names.add(field.name.value);
  }
  return names;
}

/**
 * A projection for a list page that leaves out the large stored fields its nodes are not asked for.
 * `heavy` maps each large stored path to the GraphQL fields of the node that read it; a path stays
 * when any of them is selected, and everything stays when the selection cannot be told. `undefined`
 * when nothing is left out (read whole documents).
 * @example listProjection(info, { statusHistory: ['statusHistory', 'timestamps'] }) // { statusHistory: 0 } unless one is selected
 */
export function listProjection(
  info: SelectionInfo | undefined,
  heavy: Readonly<Record<string, readonly string[]>>,
  path: readonly string[] = ['edges', 'node'],
): Record<string, 0> | undefined {
  const selected = info ? selectedFields(info, path) : null;
  if (!selected) return undefined;
  const omitted = Object.entries(heavy).filter(([, readers]) => !readers.some((field) => selected.has(field)));
  return omitted.length ? Object.fromEntries(omitted.map(([stored]) => [stored, 0 as const])) : undefined;
}
