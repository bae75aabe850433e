import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { type DomainEvent } from '@attunelogic/shared/events';
import { guardedLookup, isPrivateAddress, RefusedAddressError } from './address-guard';
import { isIP } from 'node:net';

export interface WebhookTarget {
  url: string;
  /** The endpoint's signing secret, `whsec_` and base64 (Standard Webhooks). */
  secret: string;
}

export interface SendOptions {
  /** Loopback and private addresses allowed (tests, a partner on the same network). */
  allowPrivate: boolean;
  timeoutMs: number;
  now?: () => Date;
}

/** What one attempt came to: the response's status, or the failure before any response. */
export type SendOutcome = { ok: boolean; status: number; error: null } | { ok: false; status: null; error: string };

/** The body a partner receives: the event as the catalogue describes it. */
export const webhookBody = (event: DomainEvent): string =>
  JSON.stringify({
    id: event.id,
    type: event.type,
    version: event.version,
    tenant: event.tenant,
    occurredAt: event.occurredAt,
    subject: event.subject,
    data: event.payload,
  });

/**
 * One signed delivery attempt (Standard Webhooks: `webhook-id` is the event id, the same on every
 * retry and replay, so a receiver drops duplicates by it). A 2xx is success; redirects are not followed.
 */
export function sendWebhook(target: WebhookTarget, event: DomainEvent, options: SendOptions): Promise<SendOutcome> {
  const body = webhookBody(event);
  const at = options.now?.() ?? new Date();
  const signature = new Webhook(target.secret).sign(event.id, at, body);
  const url = new URL(target.url);
  // A literal address is connected to without a lookup: it is checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !options.allowPrivate && isPrivateAddress(literal)) {
    return Promise.resolve({ ok: false, status: null, error: new RefusedAddressError(url.hostname, literal).message });
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AttuneLogic-Webhooks/1',
          'webhook-id': event.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status, error: null });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response within ${options.timeoutMs} ms`)));
    req.on('error', (error) => resolve({ ok: false, status: null, error: error.message }));
    req.end(body);
  });
}
