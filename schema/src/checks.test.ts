import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, type DocumentNode } from 'graphql';
import { compareSchemas, staleArtifacts, validateOperations } from './checks';
import { composeAll, composeSupergraph } from './compose';
import { SCHEMA_ROOT } from './check';
import { loadSubgraphs } from './subgraphs';

describe('schema checks', () => {
  it('are green on this commit: the subgraphs compose into the committed artifacts', () => {
    const result = composeAll();
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const committed = (file: string) => readFileSync(path.join(SCHEMA_ROOT, file), 'utf8');
    expect(
      staleArtifacts([
        { path: 'supergraph.graphql', expected: result.schemas.supergraph, committed: committed('supergraph.graphql') },
        { path: 'api-schema.graphql', expected: result.schemas.api, committed: committed('api-schema.graphql') },
      ]),
    ).toEqual([]);
  });

  it('(a) fail with the composition errors when subgraphs conflict', () => {
    const [core, trucking, service] = loadSubgraphs();
    // A copy of trucking that redefines Tenant, owned by core and not shareable.
    const broken = { ...trucking!, typeDefs: parse(`${readTypeDefs(trucking!.typeDefs)}\ntype Tenant { id: ID! slug: Int }`) };
    const result = composeSupergraph([core!, broken, service!]);
    expect(result.supergraphSdl).toBeUndefined();
    expect(result.errors.join('\n')).toMatch(/Tenant/);
  });

  it('(b) fail when a committed artifact is stale', () => {
    expect(
      staleArtifacts([
        { path: 'supergraph.graphql', expected: 'type Query { a: Int }\n', committed: 'type Query { a: Int }\n' },
        { path: 'api-schema.graphql', expected: 'type Query { a: Int b: Int }\n', committed: 'type Query { a: Int }\n' },
        { path: 'client/generated/graphql.ts', expected: 'x', committed: null },
      ]),
    ).toEqual(['api-schema.graphql', 'client/generated/graphql.ts']);
  });

  it('(c) list breaking changes, and dangerous ones apart', async () => {
    const base = 'type Query { vehicle(id: ID!): Vehicle vehicles: [Vehicle!]! }\ntype Vehicle { id: ID! vin: String! status: Status! }\nenum Status { active retired }';
    const current =
      'type Query { vehicle(id: ID!): Vehicle vehicles(first: Int): [Vehicle!]! }\ntype Vehicle { id: ID! status: Status! }\nenum Status { active retired in_shop }';
    const changes = await compareSchemas(base, current);
    expect(changes.breaking).toEqual([expect.stringMatching(/Vehicle\.vin/)]);
    expect(changes.dangerous.join('\n')).toMatch(/in_shop/);
    await expect(compareSchemas(base, base)).resolves.toEqual({ breaking: [], dangerous: [], safe: 0 });
  });

  it('(d) reject a client operation that selects a field the schema does not have', () => {
    const schema = buildSchema('type Query { me: User! }\ntype User { id: ID! email: String! }');
    expect(validateOperations(schema, [{ path: 'ok.graphql', source: 'query A { me { id email } }' }])).toEqual([]);
    expect(validateOperations(schema, [{ path: 'bad.graphql', source: 'query B { me { id phone } }' }])).toEqual([
      'bad.graphql: Cannot query field "phone" on type "User".',
    ]);
    expect(validateOperations(schema, [{ path: 'syntax.graphql', source: 'query C { me { ' }])[0]).toMatch(/^syntax.graphql: Syntax Error/);
  });
});

function readTypeDefs(doc: DocumentNode): string {
  return doc.loc?.source.body ?? '';
}
