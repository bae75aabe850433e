import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSchema, Lexer, parse, Source, TokenKind, validate, specifiedRules } from 'graphql';
import { findOperationDocuments } from '@attunelogic/schema/checks';
import { OPERATION_LIMITS, operationLimits, type OperationLimits } from './limits';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const schema = buildSchema(readFileSync(`${repo}/schema/api-schema.graphql`, 'utf8'));
const documents = findOperationDocuments(repo, ['schema/client/operations', 'apps']);

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
      expect(errors.map((e) => e.message), doc.path).toEqual([]);
      expect(tokens(doc.source), doc.path).toBeLessThanOrEqual(half.maxTokens);
    }
  });

  it.each([
    ['depth', '{ workOrders { edges { node { createdBy { id } } } } }', { ...OPERATION_LIMITS, maxDepth: 3 }],
    ['aliases', `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, OPERATION_LIMITS],
    ['root fields', `{ ${Array.from({ length: 11 }, () => 'me { id }').join(' ')} }`, OPERATION_LIMITS],
    ['cost', `{ ${Array.from({ length: 14 }, (_, i) => `w${i}: workOrders(first: 100) { edges { node { id number title description status priority createdBy { id email name roles active } } } }`).join(' ')} }`, { ...OPERATION_LIMITS, maxAliases: 50, maxRootFields: 50 }],
  ])('refuse an operation over the %s limit', (_name, query, limits) => {
    const { validationRules } = operationLimits(limits, { hideSuggestions: true });
    expect(validate(schema, parse(query), validationRules).length).toBeGreaterThan(0);
  });
});
