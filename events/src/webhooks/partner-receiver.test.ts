import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadJsonSchema, type DomainEvent } from '@attunelogic/shared/events';
import { webhookReceiver, type WebhookEvent } from './partner-receiver';
import { sendWebhook } from './sender';

// The receiver the partners' catalogue shows, against real signed deliveries: it accepts ours once
// per id, refuses a wrong secret and a tampered body, and what it reads matches the catalogue's schema.

const SECRET = `whsec_${Buffer.from('the partner example secret, 32 b').toString('base64')}`;
const handled: WebhookEvent[] = [];
const receiver = webhookReceiver(SECRET, async (event) => {
  handled.push(event);
});
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const event = (id: string): DomainEvent => ({
  id,
  type: 'invoice.paid',
  version: 1,
  tenant: '64a000000000000000000001',
  occurredAt: new Date(),
  subject: { type: 'Invoice', id: '64a000000000000000000002' },
  payload: { number: 12, currency: 'USD', totalCents: 12_345, paidAt: new Date() },
});

const send = (e: DomainEvent, secret = SECRET) => sendWebhook({ url, secret }, e, { allowPrivate: true, timeoutMs: 5_000 });

describe("the partners' example receiver", () => {
  it('verifies and handles a delivery once per id; a retry of the same id is acknowledged, not handled again', async () => {
    const first = event('evt_0000000000000000000000a1');
    expect(await send(first)).toMatchObject({ ok: true, status: 204 });
    expect(await send(first)).toMatchObject({ ok: true, status: 204 });
    expect(handled.map((e) => e.id)).toEqual([first.id]);
    expect(handled[0]).toMatchObject({ type: 'invoice.paid', version: 1, subject: { type: 'Invoice' }, data: { number: 12, totalCents: 12_345 } });
    // What it reads is what the catalogue's JSON Schema says (a time as an ISO string).
    expect(Object.keys(handled[0]!.data).sort()).toEqual(Object.keys(payloadJsonSchema('invoice.paid')['properties'] as object).sort());
    expect(handled[0]!.data['paidAt']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('refuses a delivery signed with another secret, and one whose body was changed', async () => {
    const other = `whsec_${Buffer.from('not the secret of this endpoint!').toString('base64')}`;
    expect(await send(event('evt_0000000000000000000000a2'), other)).toMatchObject({ ok: false, status: 401 });
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { 'webhook-id': 'evt_0000000000000000000000a3', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      body: JSON.stringify({ id: 'evt_0000000000000000000000a3' }),
    });
    expect(tampered.status).toBe(401);
    expect(handled.map((e) => e.id)).not.toContain('evt_0000000000000000000000a2');
  });
});
