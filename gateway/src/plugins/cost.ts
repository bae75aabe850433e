import { type ApolloServerPlugin } from '@apollo/server';
import { type GatewayContext } from '../context';
import { refusal, refusalError, refusals } from '../http/refusals';
import { estimateCost, type SchemaCosts } from '../limits/cost';
import { type TenantCostInFlight } from '../limits/cost-in-flight';
import { type RateLimiter } from '../rate-limit';

/**
 * The operation's cost (limits/cost.ts, with the request's variables and the supergraph's `@cost`/`@listSize`): over `maxCost` it is refused
 * as invalid; otherwise it is charged to the tenant's cost budget, and refused when that is spent.
 * Then it runs once its cost fits beside the tenant's operations already running (`inFlight`), or is
 * refused with RATE_LIMITED when the request's time runs out waiting.
 */
export const costPlugin = (limiter: RateLimiter, maxCost: number, costs: SchemaCosts, inFlight: TenantCostInFlight): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    let release: (() => void) | undefined;
    return {
      async didResolveOperation({ document, operation, request, contextValue }) {
        const cost = estimateCost(document, request.variables ?? {}, operation, costs);
        if (cost > maxCost) {
          throw refusalError(refusal('GRAPHQL_VALIDATION_FAILED', `The operation's estimated cost ${cost} exceeds the limit of ${maxCost}.`));
        }
        const verdict = await limiter.cost(contextValue.tenant.tenantId, cost, contextValue.budgets);
        if (!verdict.ok) throw refusalError(refusals.rateLimited(verdict.retryAfterSeconds));
        const slot = await inFlight.enter(contextValue.tenant.tenantId, cost, contextValue.deadlineAt - performance.now());
        if (!slot.ok) throw refusalError(refusals.rateLimited(slot.retryAfterSeconds));
        release = slot.release;
      },
      async willSendResponse() {
        release?.();
      },
    };
  },
});
