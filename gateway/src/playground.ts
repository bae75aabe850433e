import { readFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PLAYGROUND_EXAMPLES } from './playground-examples';

const require = createRequire(import.meta.url);
const GRAPHIQL_DIST = path.join(path.dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');

/** Where the Playground's assets are served, below the GraphQL path. */
export const PLAYGROUND_ASSETS = '/playground/';

// Served from our own origin only: many partner networks, and the machines here, have no CDN.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

const DEFAULT_QUERY = `# Set "Authorization: Bearer <token>" (and optionally "X-Tenant: <slug>")
# in the Headers tab below, then run:
query Session {
  me { email roles }
  tenant { name slug appType }
}
`;

const HEADERS = JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2);

/** GraphiQL's tabs of a first visit: the session query, then the examples with their variables. */
const defaultTabs = () => [
  { query: DEFAULT_QUERY, headers: HEADERS },
  ...PLAYGROUND_EXAMPLES.map((example) => ({ query: example.query, variables: JSON.stringify(example.variables, null, 2), headers: HEADERS })),
];

const page = (graphqlPath: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>AttuneLogic API Playground</title>
  <link rel="stylesheet" href="${graphqlPath}${PLAYGROUND_ASSETS}graphiql.css">
  <style>html, body, #playground { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="playground" data-endpoint="${graphqlPath}"></div>
  <script src="${graphqlPath}${PLAYGROUND_ASSETS}graphiql.js"></script>
  <script src="${graphqlPath}${PLAYGROUND_ASSETS}init.js"></script>
</body>
</html>
`;

const init = () => `(function () {
  var root = document.getElementById('playground');
  YogaGraphiQL.renderYogaGraphiQL(root, {
    endpoint: root.dataset.endpoint,
    title: 'AttuneLogic API',
    query: ${JSON.stringify(DEFAULT_QUERY)},
    headers: ${JSON.stringify(HEADERS)},
    // The session first, then one tab of examples per area (./playground-examples.ts).
    defaultTabs: ${JSON.stringify(defaultTabs())},
    // Headers (the bearer token) and tabs are kept for this browser tab only, never in localStorage
    // where every later visitor of the machine and every script of the origin could read them.
    storage: window.sessionStorage,
    shouldPersistHeaders: true
  });
})();
`;

interface Asset {
  type: string;
  body: Buffer;
}

/**
 * The partner Playground: GraphiQL (The Guild's prebuilt, self-contained bundle) served by the
 * gateway itself, with no outside request. Assets are read once, lazily.
 */
export function createPlayground(graphqlPath: string) {
  let assets: Map<string, Asset> | undefined;
  const load = () =>
    (assets ??= new Map([
      ['graphiql.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(path.join(GRAPHIQL_DIST, 'yoga-graphiql.umd.js')) }],
      ['graphiql.css', { type: 'text/css; charset=utf-8', body: readFileSync(path.join(GRAPHIQL_DIST, 'graphiql.css')) }],
      ['init.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(init()) }],
    ]));
  const html = Buffer.from(page(graphqlPath));

  return {
    /** A browser asking for the GraphQL URL gets the Playground instead of a GraphQL error. */
    wantsPage: (req: IncomingMessage): boolean => req.method === 'GET' && (req.headers.accept ?? '').includes('text/html'),
    servePage(res: ServerResponse): void {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-cache' });
      res.end(html);
    },
    /** Serves `<graphqlPath>/playground/<name>`; false when there is no such asset. */
    serveAsset(name: string, res: ServerResponse): boolean {
      const asset = load().get(name);
      if (!asset) return false;
      res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'public, max-age=3600' });
      res.end(asset.body);
      return true;
    },
  };
}

export type Playground = ReturnType<typeof createPlayground>;
