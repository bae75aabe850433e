import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { estimateCost, schemaCosts } from './cost';
import { OPERATION_LIMITS } from './operation-limits';

const costs = schemaCosts(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));
const cost = (query: string, variables: Record<string, unknown> = {}) => estimateCost(parse(query), variables, undefined, costs);

const ROUTE = 'optimizeRoute(input: $input) { feasible }';
const route = (aliases: number) => `query ($input: OptimizeRouteInput!) { ${Array.from({ length: aliases }, (_, i) => `r${i}: ${ROUTE}`).join(' ')} }`;

describe('the cost model fed by the schema', () => {
  it('reads @cost and @listSize from the supergraph', () => {
    expect(costs.fields.get('Query.optimizeRoute')).toEqual({ type: 'RouteOptimization', weight: 2_000 });
    expect(costs.fields.get('Mutation.createServiceArea')?.weight).toBe(2_000);
    expect(costs.fields.get('Query.maintenanceDue')?.weight).toBe(100);
    expect(costs.fields.get('RouteOptimization.stops')).toEqual({ type: 'RoutedStop', weight: 1, assumedSize: 50 });
    expect(costs.fields.get('Query.me')).toEqual({ type: 'User', weight: 1 });
  });

  it('costs an expensive field at its weight, and multiplies it by its aliases', () => {
    expect(cost(route(1))).toBe(2_000 + 1);
    expect(cost(route(4))).toBe(4 * cost(route(1)));
    // Five optimisations in one operation are over the limit; without the schema they cost 10 points.
    expect(cost(route(5))).toBeGreaterThan(OPERATION_LIMITS.maxCost);
    expect(estimateCost(parse(route(5)))).toBe(10);
  });

  it('costs a list with @listSize at its assumed size, and a connection at its page', () => {
    expect(cost('query ($input: OptimizeRouteInput!) { optimizeRoute(input: $input) { stops { id sequence } } }')).toBe(2_000 + 1 + 50 * 2);
    expect(cost('{ vehicles(first: 10) { edges { node { id } } } }')).toBe(1 + 1 + 10 * 2);
    expect(cost('{ maintenanceDue(first: 10) { totalCount } }')).toBe(100 + 1);
  });

  it('weighs fields through fragments and inline fragments on their own types', () => {
    const inline = cost(route(1));
    expect(cost(`query ($input: OptimizeRouteInput!) { ...F } fragment F on Query { ${ROUTE} }`)).toBe(inline);
    expect(cost(`query ($input: OptimizeRouteInput!) { ... on Query { ${ROUTE} } }`)).toBe(inline);
    expect(cost('mutation ($p: GeoPolygonInput) { a: createServiceArea(input: { name: "a", polygon: $p }) { id } }')).toBe(2_000 + 1);
  });

  it('costs a field the schema does not know at one point, as without the schema', () => {
    expect(cost('{ me { id email } }')).toBe(estimateCost(parse('{ me { id email } }')));
    expect(cost('{ nothing { here } }')).toBe(2);
  });
});
