import { type ApolloServerPlugin } from '@apollo/server';
import { type GatewayContext } from '../context';
import { executedRootFields } from '../operation';
import { TENANT_STATE_MUTATIONS, type InvalidationBus } from '../verification/invalidation';

/**
 * After a mutation that changes a tenant's or a user's state, every instance forgets its cache of
 * them. The mutation is recognised as executed: through fragments and aliases too.
 */
export const invalidationPlugin = (bus: InvalidationBus): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ schema, document, operation, request, contextValue }) {
        if (operation?.operation !== 'mutation' || !document) return;
        const touched = executedRootFields(schema, document, operation, request.variables).some((name) => TENANT_STATE_MUTATIONS.has(name));
        if (touched) await bus.publish(contextValue.tenant.slug);
      },
    };
  },
});
