import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { INTERNAL_CONTEXT_HEADER } from '@attunelogic/shared';
import { type GatewayContext } from './context';

/**
 * Sends one subgraph its own signed internal context and nothing of the client's request: no client
 * header is ever forwarded (RemoteGraphQLDataSource starts every request with fresh headers).
 */
export class InternalContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Only operations we executed carry a tenant; anything else (e.g. a health probe) gets no context.
    if (!('internalContextFor' in context)) return;
    request.http?.headers.set(INTERNAL_CONTEXT_HEADER, await context.internalContextFor(this.subgraph));
  }
}
