import { readFileSync } from 'node:fs';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateCost, schemaCosts } from './limits/cost';
import { OPERATION_LIMITS, operationLimits } from './limits/operation-limits';
import { PLAYGROUND_EXAMPLES } from './playground-examples';

const schemaOf = (appType: string) => buildSchema(readFileSync(new URL(`../../schema/api/${appType}.graphql`, import.meta.url), 'utf8'));

describe('the Playground examples', () => {
  it.each(PLAYGROUND_EXAMPLES.map((example) => [example.query.split('\n')[0]!, example] as const))('%s: valid against the industry schema', (_title, example) => {
    // Within the gateway's operation limits and cost, so a partner's first run is never refused.
    const { validationRules } = operationLimits(OPERATION_LIMITS, { hideSuggestions: true });
    const errors = validate(schemaOf(example.appType), parse(example.query), [...specifiedRules, ...validationRules]);
    expect(errors.map((e) => e.message)).toEqual([]);
    const costs = schemaCosts(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
    expect(estimateCost(parse(example.query), example.variables, undefined, costs)).toBeLessThanOrEqual(OPERATION_LIMITS.maxCost);
  });

  it('name every operation once, and each variable an operation declares has a value', () => {
    for (const example of PLAYGROUND_EXAMPLES) {
      const operations = parse(example.query).definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [d] : []));
      expect(operations.every((o) => o.name)).toBe(true);
      const declared = new Set(operations.flatMap((o) => (o.variableDefinitions ?? []).map((v) => v.variable.name.value)));
      expect([...declared].filter((name) => !(name in example.variables))).toEqual([]);
    }
  });
});
