import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { sendJson } from '@attunelogic/shared';
import { PLAYGROUND_ASSETS, type Playground } from '../playground';
import { DOCUMENTS_PATH } from '../request/documents';
import { AUTH_PATH } from './auth-proxy';
import { refusals, sendRefusal } from './refusals';

export const GRAPHQL_PATH = '/api/v1/graphql';
/** The live stream of the tenant's events (server-sent events). */
export const EVENTS_PATH = '/api/v1/events';

/** The id the gateway gives a request, and the one the client sent (X-Request-Id), if any. */
export interface RequestIds {
  readonly requestId: string;
  readonly clientRequestId?: string;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;
const PLAYGROUND_FILES = new Set(['graphiql.js', 'graphiql.css', 'init.js']);

/** The gateway's public HTTP routes: the GraphQL endpoint (and its Playground), the live event stream, documents, the authorization server (proxied), liveness and readiness. Metrics have their own listener. */
export function createRouter(deps: {
  graphql: (req: IncomingMessage, res: ServerResponse, ids: RequestIds) => Promise<void>;
  events: (req: IncomingMessage, res: ServerResponse, ids: RequestIds) => Promise<void>;
  playground: Playground;
  ready: () => Promise<{ ok: boolean; checks: Record<string, boolean> }>;
  /** Uploads and signed downloads of documents (`/api/v1/documents`). */
  documents?: (req: IncomingMessage, res: ServerResponse, ids: RequestIds) => Promise<void>;
  /** The authorization server's routes, proxied (absent: 404 like any unknown path). */
  auth?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}) {
  const assets = `${GRAPHQL_PATH}${PLAYGROUND_ASSETS}`;
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const incoming = req.headers['x-request-id'];
    // The request's id is always ours; the client's, when well-formed, travels beside it, labelled.
    const ids: RequestIds = { requestId: randomUUID(), ...(typeof incoming === 'string' && REQUEST_ID.test(incoming) ? { clientRequestId: incoming } : {}) };
    res.setHeader('x-request-id', ids.requestId);
    if (path === GRAPHQL_PATH) {
      if (deps.playground.wantsPage(req)) return deps.playground.servePage(res);
      return deps.graphql(req, res, ids);
    }
    if (path === EVENTS_PATH) return deps.events(req, res, ids);
    if (deps.documents && (path === DOCUMENTS_PATH || path.startsWith(`${DOCUMENTS_PATH}/`))) return deps.documents(req, res, ids);
    if (deps.auth && (path === AUTH_PATH || path.startsWith(`${AUTH_PATH}/`))) return deps.auth(req, res);
    if (path.startsWith(assets) && PLAYGROUND_FILES.has(path.slice(assets.length))) {
      deps.playground.serveAsset(path.slice(assets.length), res);
      return;
    }
    switch (path) {
      case '/healthz':
        return sendJson(res, 200, { status: 'ok', service: 'gateway' });
      case '/readyz': {
        const { ok, checks } = await deps.ready();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable', checks });
      }
      default:
        return sendRefusal(res, refusals.notFound());
    }
  };
}
