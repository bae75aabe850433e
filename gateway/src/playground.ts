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

const DEFAULT_QUERY = `# Sign in above, or set "Authorization: Bearer <token>" (and optionally
# "X-Tenant: <slug>") in the Headers tab below, then run:
query Session {
  me { email roles }
  tenant { name slug appType }
}
`;

/** The Playground's own client at the authorization server (a public client, PKCE; auth/src/oidc/provider.ts). */
export const PLAYGROUND_CLIENT_ID = 'attunelogic-playground';

/** Sign-in from the Playground: where the authorization server answers (through this gateway) and the issuer its tokens name. */
export interface PlaygroundSignIn {
  authPath: string;
  issuer: string;
}

const HEADERS = JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2);

/** GraphiQL's tabs of a first visit: the session query, then the examples with their variables. */
const defaultTabs = () => [
  { query: DEFAULT_QUERY, headers: HEADERS },
  ...PLAYGROUND_EXAMPLES.map((example) => ({ query: example.query, variables: JSON.stringify(example.variables, null, 2), headers: HEADERS })),
];

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const page = (graphqlPath: string, signIn?: PlaygroundSignIn) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>AttuneLogic API Playground</title>
  <link rel="stylesheet" href="${graphqlPath}${PLAYGROUND_ASSETS}graphiql.css">
  <style>
    html, body { height: 100%; margin: 0; }
    body { display: flex; flex-direction: column; }
    #playground { flex: 1; min-height: 0; }
    #account { display: flex; gap: .75rem; align-items: center; justify-content: flex-end; padding: .35rem .75rem; font: 14px system-ui, sans-serif; border-bottom: 1px solid #ddd; }
    #account[hidden] { display: none; }
    #account button { font: inherit; padding: .2rem .8rem; cursor: pointer; }
    #account .error { color: #b00020; margin-right: auto; }
  </style>
</head>
<body>
  <div id="account" role="region" aria-label="Account"${signIn ? ` data-auth="${escapeAttribute(signIn.authPath)}" data-issuer="${escapeAttribute(signIn.issuer)}" data-client="${PLAYGROUND_CLIENT_ID}"` : ' hidden'}></div>
  <div id="playground" data-endpoint="${graphqlPath}"></div>
  <script src="${graphqlPath}${PLAYGROUND_ASSETS}graphiql.js"></script>
  <script src="${graphqlPath}${PLAYGROUND_ASSETS}init.js"></script>
</body>
</html>
`;

// Sign-in from the Playground: authorization code + PKCE against the authorization server on this
// origin (docs/AUTH.md), as the reference SPA does. The access and refresh tokens live in this script's
// memory only; a flag in sessionStorage says the tab was signed in, so a reload asks the server again
// with prompt=none (no form while its session lasts). The signed-in token goes on every request of
// the Playground that names no other (the headers editor's token, when set, wins).
const signInScript = `
  var account = document.getElementById('account');
  var SIGNED_IN = 'attunelogic.playground.signedIn';
  var PENDING = 'attunelogic.playground.pkce';
  var PLACEHOLDER = 'Bearer <token>';
  var session = null;
  var refreshTimer = null;
  if (account.hidden) return;
  var authPath = account.dataset.auth;
  var issuer = account.dataset.issuer;
  var clientId = account.dataset.client;
  var here = location.origin + location.pathname;

  function base64url(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function random() { return base64url(crypto.getRandomValues(new Uint8Array(32))); }
  function claims(jwt) {
    try { return JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch (e) { return {}; }
  }
  function button(label, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }
  function render(message) {
    account.replaceChildren();
    if (message) {
      var note = document.createElement('span');
      note.className = 'error';
      note.setAttribute('role', 'alert');
      note.textContent = message;
      account.append(note);
    }
    if (session) {
      var who = claims(session.access_token);
      var label = document.createElement('span');
      label.textContent = 'Signed in to ' + (who.tenant || 'AttuneLogic');
      account.append(label, button('Sign out', signOut));
    } else {
      account.append(button('Sign in', function () { void signIn(false); }));
    }
  }

  async function signIn(silent) {
    var verifier = random();
    var state = random();
    var digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier: verifier, state: state }));
    var query = new URLSearchParams({
      client_id: clientId, response_type: 'code', redirect_uri: here, scope: 'openid api',
      code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: 'S256', state: state
    });
    if (silent) query.set('prompt', 'none');
    location.assign(authPath + '/auth?' + query.toString());
  }

  async function token(params) {
    params.client_id = clientId;
    var res = await fetch(authPath + '/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString()
    });
    var body = await res.json();
    if (!res.ok || !body.access_token) throw new Error(body.error_description || body.error || 'token request refused');
    return body;
  }

  function keep(body) {
    session = { access_token: body.access_token, refresh_token: body.refresh_token || (session && session.refresh_token), id_token: body.id_token || (session && session.id_token) };
    sessionStorage.setItem(SIGNED_IN, '1');
    clearTimeout(refreshTimer);
    var life = Number(body.expires_in) || 300;
    // A minute before expiry; at half its life when it lives under two minutes.
    var wait = (life < 120 ? life / 2 : life - 60) * 1000;
    refreshTimer = setTimeout(refresh, wait);
    render();
  }

  async function refresh() {
    if (!session || !session.refresh_token) return;
    try {
      keep(await token({ grant_type: 'refresh_token', refresh_token: session.refresh_token }));
    } catch (e) {
      session = null;
      sessionStorage.removeItem(SIGNED_IN);
      render('Your session has ended. Sign in again.');
    }
  }

  function signOut() {
    var idToken = session && session.id_token;
    session = null;
    clearTimeout(refreshTimer);
    sessionStorage.removeItem(SIGNED_IN);
    var query = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: here });
    if (idToken) query.set('id_token_hint', idToken);
    location.assign(authPath + '/session/end?' + query.toString());
  }

  async function callback(params) {
    var pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', location.pathname);
    if (params.get('error')) {
      sessionStorage.removeItem(SIGNED_IN);
      return render(params.get('error') === 'login_required' ? '' : 'Sign-in failed: ' + (params.get('error_description') || params.get('error')));
    }
    if (!pending || pending.state !== params.get('state') || params.get('iss') !== issuer) return render('Sign-in failed: the answer does not match this tab. Sign in again.');
    try {
      keep(await token({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: here, code_verifier: pending.verifier }));
    } catch (e) {
      render('Sign-in failed: ' + e.message);
    }
  }

  // The signed-in token on the Playground's GraphQL requests that carry none of their own.
  var ownFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, location.href);
    if (session && url.origin === location.origin && url.pathname === root.dataset.endpoint) {
      init = Object.assign({}, init);
      var headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      var given = headers.get('authorization');
      if (!given || given === PLACEHOLDER) headers.set('authorization', 'Bearer ' + session.access_token);
      init.headers = headers;
    }
    return ownFetch(input, init);
  };

  var params = new URLSearchParams(location.search);
  if (params.get('code') || params.get('error')) void callback(params);
  else if (sessionStorage.getItem(SIGNED_IN)) void signIn(true);
  else render();
`;

const init = () => `(function () {
  var root = document.getElementById('playground');
  (function () {${signInScript}})();
  YogaGraphiQL.renderYogaGraphiQL(root, {
    endpoint: root.dataset.endpoint,
    title: 'AttuneLogic API',
    query: ${JSON.stringify(DEFAULT_QUERY)},
    headers: ${JSON.stringify(HEADERS)},
    // The session first, then one tab of examples per area (./playground-examples.ts).
    defaultTabs: ${JSON.stringify(defaultTabs())},
    // Headers (a pasted bearer token) and tabs are kept for this browser tab only, never in localStorage
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
export function createPlayground(graphqlPath: string, signIn?: PlaygroundSignIn) {
  let assets: Map<string, Asset> | undefined;
  const load = () =>
    (assets ??= new Map([
      ['graphiql.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(path.join(GRAPHIQL_DIST, 'yoga-graphiql.umd.js')) }],
      ['graphiql.css', { type: 'text/css; charset=utf-8', body: readFileSync(path.join(GRAPHIQL_DIST, 'graphiql.css')) }],
      ['init.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(init()) }],
    ]));
  const html = Buffer.from(page(graphqlPath, signIn));

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
