import { type ApolloServerPlugin } from '@apollo/server';
import { type GatewayContext } from '../context';

/** Notes the operation's name and outcome (success, or the first error's code) for metrics and logs. */
export const reportPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operationName, response }) {
        contextValue.report.operation = operationName ?? undefined;
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        contextValue.report.outcome = errors?.length ? String(errors[0]?.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR') : 'success';
      },
    };
  },
};
