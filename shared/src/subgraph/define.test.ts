import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GraphQLScalarType, print } from 'graphql';
import { loadTypeDefs, mergeResolvers } from './define';

describe('mergeResolvers', () => {
  it('merges the fields of a type across features and keeps scalars as they are', () => {
    const scalar = new GraphQLScalarType({ name: 'JSON' });
    const one = { Query: { a: () => 1 }, A: { id: () => 'a' } };
    const two = { Query: { b: () => 2 }, Mutation: { m: () => true } };
    const merged = mergeResolvers({ JSON: scalar }, one, two);
    expect(Object.keys(merged['Query']!)).toEqual(['a', 'b']);
    expect(merged['Mutation']).toEqual(two.Mutation);
    expect(merged['A']).toEqual(one.A);
    expect(merged['JSON']).toBe(scalar);
    // The inputs are not changed by merging.
    expect(Object.keys(one.Query)).toEqual(['a']);
  });

  it('throws when two features define the same field or type', () => {
    expect(() => mergeResolvers({ Query: { a: () => 1 } }, { Query: { a: () => 2 } })).toThrow('Resolvers: Query.a is defined twice.');
    const scalar = new GraphQLScalarType({ name: 'JSON' });
    expect(() => mergeResolvers({ JSON: scalar }, { JSON: scalar })).toThrow('Resolvers: JSON is defined twice.');
  });
});

describe('loadTypeDefs', () => {
  it('reads the files relative to the base, in order, with the shared SDL after the first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdl-'));
    writeFileSync(join(dir, 'schema.graphql'), 'type Query { a: A }');
    writeFileSync(join(dir, 'b.graphql'), 'type B { id: ID! }');
    const sdl = print(loadTypeDefs(pathToFileURL(join(dir, 'subgraph.ts')), ['./schema.graphql', './b.graphql'], ['type A { id: ID! }']));
    const names = [...sdl.matchAll(/^type (\w+)/gm)].map((match) => match[1]);
    expect(names).toEqual(['Query', 'A', 'B']);
  });
});
