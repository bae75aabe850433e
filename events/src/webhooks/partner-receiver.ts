// A partner's webhook receiver in Node, as docs/events-catalogue.md shows it (the catalogue embeds
// this file, and partner-receiver.test.ts runs it against real deliveries).
import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** The body of every delivery: see docs/events-schemas.json for each type's `data`. */
export interface WebhookEvent {
  id: string;
  type: string;
  version: number;
  tenant: string;
  occurredAt: string;
  subject: { type: string; id: string };
  data: Record<string, unknown>;
}

/**
 * Verifies each request's signature (Standard Webhooks: HMAC-SHA256 of id, timestamp and the raw
 * body, with the endpoint's `whsec_` secret; a timestamp more than 5 minutes off is refused) before
 * reading anything in it, answers 2xx once the event is handled, and handles each event id once:
 * a retry or replay carries the same id.
 */
export function webhookReceiver(secret: string, handle: (event: WebhookEvent) => Promise<void>): Server {
  const webhook = new Webhook(secret);
  const handled = new Set<string>(); // in production: a unique index in your database
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let event: WebhookEvent;
      try {
        // The raw body, exactly as received: a re-serialised JSON would not verify.
        event = webhook.verify(Buffer.concat(chunks).toString('utf8'), {
          'webhook-id': String(req.headers['webhook-id']),
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        }) as WebhookEvent;
      } catch {
        res.writeHead(401).end();
        return;
      }
      if (handled.has(event.id)) {
        res.writeHead(204).end();
        return;
      }
      handle(event).then(
        () => {
          handled.add(event.id);
          res.writeHead(204).end();
        },
        // Anything but 2xx is retried later, with the same id.
        () => res.writeHead(500).end(),
      );
    });
  });
}
