import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { INTERNAL_CONTEXT_HEADER, type Logger } from '@attunelogic/shared';
import { type GatewayContext } from './context';

/**
 * Sends one subgraph its own signed internal context and nothing of the client's request: no client
 * header is ever forwarded (RemoteGraphQLDataSource starts every request with fresh headers).
 */
export class InternalContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly options: { timeoutMs: number; logger: Logger },
  ) {
    // Node's fetch (undici) keeps connections alive; every subgraph call is bounded in time.
    super({
      url,
      fetcher: ((input: string, init: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })) as never,
    });
  }

  /**
   * A subgraph that is down, slow or refusing becomes an error naming the service (never its URL);
   * the gateway still returns what the other subgraphs answered.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      this.options.logger.warn({ err: error, subgraph: this.subgraph }, 'subgraph request failed');
      throw new GraphQLError(`The ${this.subgraph} service is unavailable; try again shortly.`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', service: this.subgraph },
      });
    }
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Only operations we executed carry a tenant; anything else (e.g. a health probe) gets no context.
    if (!('internalContextFor' in context)) return;
    request.http?.headers.set(INTERNAL_CONTEXT_HEADER, await context.internalContextFor(this.subgraph));
  }
}
