// A pass-through in front of one subgraph that keeps the internal context of every request the
// gateway sends it: what an observer on the network between them would capture.
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { INTERNAL_CONTEXT_HEADER } from '@attunelogic/shared';

export interface RecordingProxy {
  /** Where the gateway sends the subgraph's requests (give it as SUBGRAPH_<NAME>_URL). */
  readonly url: string;
  /** The internal contexts of the requests passed on, in order. */
  readonly contexts: string[];
  /** The subgraph's own URL; set once it is known (requests before that get 503). */
  target: string;
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const proxy: RecordingProxy = {
    url: '',
    contexts: [],
    target: '',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const context = req.headers[INTERNAL_CONTEXT_HEADER];
      if (typeof context === 'string') proxy.contexts.push(context);
      if (!proxy.target) return void res.writeHead(503).end();
      const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/json' };
      if (typeof context === 'string') headers[INTERNAL_CONTEXT_HEADER] = context;
      fetch(proxy.target, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
}
