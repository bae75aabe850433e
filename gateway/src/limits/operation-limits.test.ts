import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSchema, Lexer, parse, Source, TokenKind, validate, specifiedRules } from 'graphql';
import { findOperationDocuments } from '@attunelogic/schema/checks';
import { estimateCost, schemaCosts } from './cost';
import { OPERATION_LIMITS, operationLimits, type OperationLimits } from './operation-limits';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const schema = buildSchema(readFileSync(`${repo}/schema/api-schema.graphql`, 'utf8'));
const documents = findOperationDocuments(repo, ['schema/client/operations', 'apps']);
const costs = schemaCosts(readFileSync(`${repo}/schema/supergraph.graphql`, 'utf8'));

const half = Object.fromEntries(Object.entries(OPERATION_LIMITS).map(([k, v]) => [k, Math.floor(v / 2)])) as OperationLimits;

function tokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

describe('operation limits', () => {
  it('has client operations to calibrate on', () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it('accept every client operation of the repository at half of every limit (headroom ×2)', () => {
    const { validationRules } = operationLimits(half, { hideSuggestions: true });
    for (const doc of documents) {
      const errors = validate(schema, parse(doc.source), [...specifiedRules, ...validationRules]);
      expect(
        errors.map((e) => e.message),
        doc.path,
      ).toEqual([]);
      expect(tokens(doc.source), doc.path).toBeLessThanOrEqual(half.maxTokens);
      // Every list at its largest page: the worst a client's variables can make of the operation.
      expect(estimateCost(parse(doc.source), new Proxy({}, { get: () => 100 })), doc.path).toBeLessThanOrEqual(half.maxCost);
      // And with the weights the schema declares (@cost, @listSize).
      expect(estimateCost(parse(doc.source), new Proxy({}, { get: () => 100 }), undefined, costs), doc.path).toBeLessThanOrEqual(half.maxCost);
    }
  });

  it.each([
    ['depth', '{ workOrders { edges { node { createdBy { id } } } } }', { ...OPERATION_LIMITS, maxDepth: 3 }],
    ['aliases', `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, OPERATION_LIMITS],
    ['root fields', `{ ${Array.from({ length: 11 }, () => 'me { id }').join(' ')} }`, OPERATION_LIMITS],
  ])('refuse an operation over the %s limit', (_name, query, limits) => {
    const { validationRules } = operationLimits(limits, { hideSuggestions: true });
    expect(validate(schema, parse(query), validationRules).length).toBeGreaterThan(0);
  });
});

describe('cost', () => {
  const page = (n: number) => `{ workOrders(first: ${n}) { edges { node { id number title createdBy { id email } } } } }`;

  it('counts a field once per item of the page it is in, fragments as executed', () => {
    expect(estimateCost(parse('{ me { id email } }'))).toBe(3);
    expect(estimateCost(parse(page(10)))).toBe(1 + 1 + 10 * (1 + 3 + 1 + 2));
    expect(estimateCost(parse('{ ...F } fragment F on Query { me { id } }'))).toBe(2);
  });

  it('clamps page sizes to what a subgraph serves: a negative or huge first cannot lower or inflate the cost', () => {
    const one = estimateCost(parse(page(1)));
    expect(estimateCost(parse(page(-1_000_000)))).toBe(one);
    expect(estimateCost(parse(page(0)))).toBe(one);
    expect(estimateCost(parse(page(1_000_000)))).toBe(estimateCost(parse(page(100))));
    const variable = parse('query ($n: Int) { workOrders(first: $n) { edges { node { id } } } }');
    expect(estimateCost(variable, { n: -5 })).toBe(estimateCost(variable, { n: 1 }));
    expect(estimateCost(variable, { n: 'x' })).toBe(estimateCost(variable, {}));
  });

  it('estimates a fragment bomb (2^30 fields written in 30 fragments) in linear time, at its full cost', () => {
    const bomb = `{ me { ...F0 } }\n${Array.from({ length: 30 }, (_, i) => (i === 29 ? `fragment F${i} on User { id }` : `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`)).join('\n')}`;
    expect(estimateCost(parse(bomb))).toBe(1 + 2 ** 29);
  });

  it('costs only the operation that runs', () => {
    const document = parse(`query A { me { id } } query B ${page(100).slice(0)}`);
    const b = document.definitions[1] as Parameters<typeof estimateCost>[2];
    expect(estimateCost(document, {}, b)).toBe(estimateCost(parse(page(100))));
  });

  it('puts 14 full pages of work orders over the operation limit', () => {
    const wide = `{ ${Array.from({ length: 14 }, (_, i) => `w${i}: workOrders(first: 100) { edges { node { id number title description status priority createdBy { id email name roles active } } } }`).join(' ')} }`;
    expect(estimateCost(parse(wide))).toBeGreaterThan(OPERATION_LIMITS.maxCost);
  });
});
