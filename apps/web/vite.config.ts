import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type UserConfig } from 'vite';

/** Where the gateway's GraphQL endpoint is unless VITE_API_URL says otherwise. */
export const DEFAULT_API_URL = 'http://127.0.0.1:4000/api/v1/graphql';

/** apps/web/ */
export const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * `authIssuer` is the authorization server's issuer (`AUTH_ISSUER`, default: `/api/v1/auth` on the
 * gateway's origin): the SPA checks the discovery document names it.
 *
 * The SPA calls the GraphQL path on its own origin, and the server that serves it forwards `/api`
 * to the gateway: Vite's dev and preview servers here, a reverse proxy in production. Same-origin
 * requests need no CORS, which the gateway does not offer (yet), and carry no token to a third
 * party. `apiUrl` is the gateway's GraphQL URL; its path is the one the SPA calls.
 */
export function webConfig(apiUrl: string = DEFAULT_API_URL, authIssuer: string = new URL('/api/v1/auth', apiUrl).href): UserConfig {
  const api = new URL(apiUrl);
  const issuer = new URL(authIssuer);
  // The authorization server builds its pages' and endpoints' URLs from the Host it is reached by:
  // the SPA's own, kept here, so the sign-in pages and the token endpoint are on the SPA's origin too.
  const proxy = {
    [issuer.pathname.replace(/\/$/, '')]: { target: api.origin, changeOrigin: false },
    '/api': { target: api.origin, changeOrigin: true },
  };
  return {
    root: WEB_ROOT,
    define: { __API_PATH__: JSON.stringify(api.pathname), __AUTH_ISSUER__: JSON.stringify(issuer.href.replace(/\/$/, '')) },
    server: { host: '127.0.0.1', port: 5173, proxy },
    preview: { host: '127.0.0.1', port: 4173, proxy },
    build: { outDir: 'dist', emptyOutDir: true },
  };
}

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, WEB_ROOT, 'VITE_');
  const apiUrl = env['VITE_API_URL'] || DEFAULT_API_URL;
  return webConfig(apiUrl, env['VITE_AUTH_ISSUER'] || undefined);
});
