import { type ApolloServerPlugin } from '@apollo/server';
import { type GatewayContext } from '../context';
import { refusal, refusalError } from '../http/refusals';

const PAST_DUE = refusal('PAYMENT_REQUIRED', 'The tenant is past due: the API is read-only until payment is settled.');

/** `past_due` tenants are read-only: a mutation is refused with 402 before anything runs. */
export const paymentPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation' && contextValue.paymentStatus === 'past_due') throw refusalError(PAST_DUE);
      },
    };
  },
};
