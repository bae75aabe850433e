import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** A local HTTP server on 127.0.0.1 that records every request it receives. */
export interface Listener {
  readonly url: string;
  readonly requests: { method: string; url: string }[];
  close(): Promise<void>;
}

export async function startListener(handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end()): Promise<Listener> {
  const requests: { method: string; url: string }[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
