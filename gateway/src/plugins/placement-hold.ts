import { type ApolloServerPlugin } from '@apollo/server';
import { type GatewayContext } from '../context';
import { refusalError, refusals } from '../http/refusals';

/**
 * While `pnpm tenant move` copies a tenant's data, its writes are held: a mutation is refused with
 * 503 and Retry-After before anything runs, so nothing is written to the source after it was
 * copied. Queries continue, against the source until the switch.
 */
export const placementHoldPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation' && contextValue.writesHeld) throw refusalError(refusals.tenantMoving());
      },
    };
  },
};
