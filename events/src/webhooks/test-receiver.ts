import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as a partner's receiver saw it. */
export interface Received {
  /** The path it was sent to: which endpoint. */
  path: string;
  id: string;
  body: { id: string; tenant: string; type: string; data: Record<string, unknown> };
  /** Verified with the endpoint's secret by the Standard Webhooks library. */
  verified: boolean;
  /** The status the receiver answered. */
  status: number;
}

/**
 * A partner's receiver on loopback (tests): one path per endpoint, each with its own secret; it
 * verifies every request with `standardwebhooks` and answers `answer()` (401 when unverified).
 * `kill()` drops every connection and stops listening; `restart()` listens again on the same port.
 */
export class TestReceiver {
  readonly received: Received[] = [];
  answer: (request: Received) => number = () => 204;
  private server: Server | undefined;
  private port = 0;

  /** The secret of each path (an endpoint each), added to as endpoints are made. */
  constructor(readonly secrets: Record<string, string> = {}) {}

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const path = req.url ?? '';
        const secret = this.secrets[path];
        let verified = false;
        try {
          if (secret) {
            new Webhook(secret).verify(raw, req.headers as Record<string, string>);
            verified = true;
          }
        } catch {
          verified = false;
        }
        const request: Received = { path, id: String(req.headers['webhook-id']), body: JSON.parse(raw) as Received['body'], verified, status: 0 };
        request.status = verified ? this.answer(request) : 401;
        this.received.push(request);
        res.writeHead(request.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Gone as a killed process is: open connections dropped, nothing listening. */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  restart(): Promise<void> {
    return this.start();
  }

  /** The requests it acknowledged with a 2xx. */
  acknowledged(): Received[] {
    return this.received.filter((request) => request.status >= 200 && request.status < 300);
  }
}

/** A Standard Webhooks secret: `whsec_` and 32 random-ish bytes in base64. */
export const testSecret = (seed: string): string => `whsec_${Buffer.from(seed.padEnd(32, '.').slice(0, 32)).toString('base64')}`;
