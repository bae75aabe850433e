import { describe, expect, it } from 'vitest';
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { listProjection, selectedFields, type SelectionInfo } from './projection';

/** The info a resolver of the operation's first root field would get. */
function infoOf(source: string): SelectionInfo {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

const HEAVY = { statusHistory: ['statusHistory', 'timestamps'], parts: ['parts', 'partsCostCents'], searchTokens: [] };

describe('selectedFields', () => {
  it('names the fields under edges.node, by name not alias, through fragments and inline fragments', () => {
    const info = infoOf(`
      query { workOrders(first: 5) { totalCount edges { cursor node { id title: summary ...Costs ... on WorkOrder { status } } } } }
      fragment Costs on WorkOrder { partsCostCents }
    `);
    expect(selectedFields(info, ['edges', 'node'])).toEqual(new Set(['id', 'summary', 'partsCostCents', 'status']));
  });

  it('cannot tell under a @skip or @include, whose value depends on variables', () => {
    expect(selectedFields(infoOf('query ($s: Boolean!) { workOrders { edges { node { id parts @include(if: $s) { id } } } } }'), ['edges', 'node'])).toBeNull();
  });
});

describe('listProjection', () => {
  it('leaves out what no selected field reads, and what nothing ever reads', () => {
    expect(listProjection(infoOf('{ workOrders { edges { node { id status } } } }'), HEAVY)).toEqual({ statusHistory: 0, parts: 0, searchTokens: 0 });
  });

  it('keeps a stored field as soon as one of its readers is selected, however deep', () => {
    expect(listProjection(infoOf('{ workOrders { edges { node { id timestamps { created } } } } }'), HEAVY)).toEqual({ parts: 0, searchTokens: 0 });
    expect(
      listProjection(infoOf('{ workOrders { edges { node { partsCostCents statusHistory { at } } } } }'), { statusHistory: HEAVY.statusHistory, parts: HEAVY.parts }),
    ).toBeUndefined();
  });

  it('reads whole documents when it cannot tell, or without info', () => {
    expect(listProjection(infoOf('query ($s: Boolean!) { workOrders { edges @include(if: $s) { node { id } } } }'), HEAVY)).toBeUndefined();
    expect(listProjection(undefined, HEAVY)).toBeUndefined();
  });

  it('sees the selection of every node of the field (the same field asked twice is merged)', () => {
    const document = parse('{ a: workOrders { edges { node { id } } } b: workOrders { edges { node { parts { id } } } } }');
    const [a, b] = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections as FieldNode[];
    expect(listProjection({ fieldNodes: [a!, b!], fragments: {} }, HEAVY)).toEqual({ statusHistory: 0, searchTokens: 0 });
  });
});
