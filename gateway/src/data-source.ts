import http from 'node:http';
import https from 'node:https';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import fetch from 'node-fetch';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { DEADLINE_HEADER, INTERNAL_CONTEXT_HEADER, SUBGRAPH_SOCKETS, type Logger } from '@attunelogic/shared';
import { type GatewayContext } from './context';

/** How much sooner than the gateway's timeout a subgraph is asked to stop its work. */
const DEADLINE_MARGIN_MS = 1_000;
/** How much sooner than the request's own deadline: the time to carry the answer back and finish the response. */
const RESPONSE_MARGIN_MS = 200;

/**
 * Sends one subgraph its own signed internal context and nothing of the client's request: no client
 * header is ever forwarded (RemoteGraphQLDataSource starts every request with fresh headers).
 */
export class InternalContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly options: { timeoutMs: number; logger: Logger; agents: SubgraphAgents; dedupe: boolean },
  ) {
    // node-fetch on keep-alive agents (Apollo's own default client, given our agents): Node's
    // built-in fetch cost about 0.5 ms more CPU per subgraph request (tools/bench, docs/BENCHMARKS.md).
    // Every subgraph call is bounded in time.
    super({
      url,
      fetcher: ((input: string, init: Record<string, unknown>) =>
        fetch(input, {
          ...init,
          agent: (target: URL) => (target.protocol === 'https:' ? options.agents.https : options.agents.http),
          signal: AbortSignal.timeout(options.timeoutMs),
        })) as never,
    });
  }

  /** Subgraph queries in flight, by everything their answer depends on (see `dedupeKey`), with how many requests joined each. */
  private readonly inflight = new Map<string, { response: Promise<GatewayGraphQLResponse>; joined: number }>();

  /**
   * Sends the request, or joins an identical one already in flight: a query of the same user of the
   * same tenant, with the same roles, flags, query text and variables, gets the same answer, so it
   * is sent once. When requests shared an answer, each gets its own copy (the gateway merges into
   * what it receives); alone, the request keeps the answer as it came. Mutations are always sent.
   * Apollo Router and Hive Gateway offer the same; theirs compares the headers, ours what the
   * signed context says, since the context also carries a request id.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const key = this.options.dedupe ? dedupeKey(options) : null;
    if (key === null) return this.send(options);
    let entry = this.inflight.get(key);
    if (entry) entry.joined += 1;
    else {
      const created = { response: this.send(options), joined: 0 };
      // Registered before any waiter's continuation: once the answer is in, nobody joins any more.
      const forget = () => {
        if (this.inflight.get(key) === created) this.inflight.delete(key);
      };
      created.response.then(forget, forget);
      this.inflight.set(key, created);
      entry = created;
    }
    const answer = await entry.response;
    if (entry.joined === 0) return answer;
    const { http: response, ...body } = answer;
    return { ...structuredClone(body), ...(response ? { http: response } : {}) };
  }

  /**
   * A subgraph that is down, slow or refusing becomes an error naming the service (never its URL);
   * the gateway still returns what the other subgraphs answered.
   */
  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
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
    // Signed here, for this fetch alone: the subgraph refuses a context (a jti) it has seen before.
    if (!('internalContextFor' in context)) return;
    request.http?.headers.set(INTERNAL_CONTEXT_HEADER, await context.internalContextFor(this.subgraph));
    // The subgraph stops its own work before this request times out, so the client gets its
    // DEADLINE_EXCEEDED (with the other fields' data) rather than a whole service unavailable.
    request.http?.headers.set(DEADLINE_HEADER, String(subgraphDeadlineMs(this.options.timeoutMs, context.deadlineAt, performance.now())));
  }
}

/**
 * The time a subgraph is given for one fetch: less than the gateway's own timeout for it, and less
 * than what is left of the request's time (which its wait for the user's slot may have used up).
 */
export function subgraphDeadlineMs(timeoutMs: number, deadlineAt: number, now: number): number {
  return Math.max(100, Math.min(timeoutMs - DEADLINE_MARGIN_MS, Math.floor(deadlineAt - now) - RESPONSE_MARGIN_MS));
}

/** What a subgraph query's answer depends on, or null when it must not be shared (mutations, anything but a client operation). */
function dedupeKey(options: GraphQLDataSourceProcessOptions<GatewayContext>): string | null {
  // Only a client's operation has an incoming request (health checks and schema loads do not).
  if (!('incomingRequestContext' in options)) return null;
  if (options.incomingRequestContext.operation?.operation !== 'query') return null;
  if (!('tenant' in options.context)) return null;
  const { tenantId, userId, roles, flags } = options.context.tenant;
  const { query, variables } = options.request;
  return JSON.stringify([tenantId, userId, roles, flags, query, variables ?? null]);
}

/** The gateway's connections to its subgraphs, kept alive between requests. */
export interface SubgraphAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
  destroy(): void;
}

/**
 * Keep-alive agents for the subgraph requests. An idle connection is closed by the gateway after
 * 30 s, before a subgraph's server would close it (its keep-alive timeout is 65 s, shared/http.ts),
 * so a request is never written to a connection the other side is closing.
 */
export function createSubgraphAgents(maxSockets = SUBGRAPH_SOCKETS): SubgraphAgents {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: 64, timeout: 30_000, scheduling: 'lifo' as const };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return {
    ...agents,
    destroy() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
