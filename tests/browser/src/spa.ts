// The reference SPA (apps/web) for a browser test: built with Vite, served by Vite's preview server
// on a free port, which forwards /api to the in-process gateway, so the page, its assets and its API
// calls all share one origin.
import { build, preview, type PreviewServer } from 'vite';
import { webConfig } from '../../../apps/web/vite.config';
import { post, type Stack } from '@attunelogic/e2e-tests/stack';

export interface ServedSpa {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `vite build` of apps/web into apps/web/dist, then `vite preview` of it, proxying /api to the stack.
 * `port` (default: any free one) when the authorization server must know the SPA's redirect URI
 * first; `authIssuer` is the issuer the SPA is built for (default: the stack's `/api/v1/auth`).
 */
export async function buildAndServeSpa(stack: Stack, options: { port?: number; authIssuer?: string } = {}): Promise<ServedSpa> {
  const config = webConfig(`${stack.url}/api/v1/graphql`, options.authIssuer);
  await build({ ...config, configFile: false, logLevel: 'warn' });
  const server: PreviewServer = await preview({
    ...config,
    configFile: false,
    logLevel: 'warn',
    preview: { ...config.preview, port: options.port ?? 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview is not listening on a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}

/** Runs an operation against the stack and fails the test on any error: for seeding through the API. */
export async function api<T>(stack: Stack, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await post<T>(stack, { query, variables, token });
  if (response.body.errors?.length || !response.body.data) {
    throw new Error(`API ${response.status}: ${JSON.stringify(response.body.errors ?? response.body)}`);
  }
  return response.body.data;
}
