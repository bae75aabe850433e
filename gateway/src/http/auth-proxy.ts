import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { type TLSSocket } from 'node:tls';
import { refusals, sendRefusal } from './refusals';

/** Where the authorization server answers through the gateway (its issuer's path). */
export const AUTH_PATH = '/api/v1/auth';

// Hop-by-hop headers end at the gateway; X-Forwarded-* are the gateway's to write, never the client's.
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

const forwardable = (headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !NOT_FORWARDED.has(name)));

/**
 * Forwards `/api/v1/auth/*` to the authorization server, path unchanged: sign-in pages, the OAuth
 * endpoints and the JWKS are reachable at the API's address, and the server builds its URLs from
 * the X-Forwarded-Host/Proto written here. Cookies and bodies pass through (they are the
 * authorization server's, not the API's); an unreachable server is a 503.
 */
export function createAuthProxy(target: string, options: { timeoutMs: number }) {
  const base = new URL(target);
  return function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const headers = forwardable(req.headers);
      headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
      if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
      headers['x-forwarded-proto'] = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
      const upstream = http.request(
        { protocol: base.protocol, hostname: base.hostname, port: base.port, method: req.method, path: req.url, headers, timeout: options.timeoutMs },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
          answer.pipe(res);
          answer.once('end', resolve);
          answer.once('error', () => {
            res.destroy();
            resolve();
          });
        },
      );
      upstream.once('timeout', () => upstream.destroy(new Error('authorization server timed out')));
      upstream.once('error', () => {
        if (!res.headersSent) sendRefusal(res, refusals.authUnavailable());
        else res.destroy();
        resolve();
      });
      req.pipe(upstream);
    });
  };
}
