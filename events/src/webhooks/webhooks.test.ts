import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { type DomainEvent } from '@attunelogic/shared/events';
import { isPrivateAddress } from './address-guard';
import { retryDelay } from './backoff';
import { sendWebhook } from './sender';

const SECRET = `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`;

/** A partner's receiver on loopback: verifies each request with the Standard Webhooks library and answers `answer()`. */
let receiver: Server;
let url: string;
const received: { headers: IncomingHttpHeaders; body: string; verified: boolean }[] = [];
let answer = () => 204;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      let verified = true;
      try {
        new Webhook(SECRET).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      received.push({ headers: req.headers, body, verified });
      res.writeHead(verified ? answer() : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});

const event = (id: string): DomainEvent => ({
  id,
  type: 'load.delivered',
  version: 1,
  tenant: '65f000000000000000000001',
  occurredAt: new Date('2026-06-01T12:00:00Z'),
  subject: { type: 'Load', id: '65f000000000000000000002' },
  payload: { referenceNumber: 'L-1' },
});

describe('webhook delivery', () => {
  it('signs in the Standard Webhooks format: the receiver verifies it with the same library; the webhook-id is the event id', async () => {
    answer = () => 204;
    const outcome = await sendWebhook({ url, secret: SECRET }, event('evt_000000000000000000000001'), { allowPrivate: true, timeoutMs: 5_000 });
    expect(outcome).toEqual({ ok: true, status: 204, error: null });
    const last = received.at(-1)!;
    expect(last.verified).toBe(true);
    expect(last.headers['webhook-id']).toBe('evt_000000000000000000000001');
    expect(JSON.parse(last.body)).toMatchObject({ id: 'evt_000000000000000000000001', type: 'load.delivered', version: 1, data: { referenceNumber: 'L-1' } });
  });

  it('a signature made with another secret does not verify', async () => {
    const other = `whsec_${Buffer.from('another secret, thirty-two bytes').toString('base64')}`;
    expect(await sendWebhook({ url, secret: other }, event('evt_000000000000000000000002'), { allowPrivate: true, timeoutMs: 5_000 })).toEqual({
      ok: false,
      status: 401,
      error: null,
    });
    expect(received.at(-1)!.verified).toBe(false);
  });

  it('reports the response code of a failing endpoint, and a failure before any response', async () => {
    answer = () => 503;
    expect(await sendWebhook({ url, secret: SECRET }, event('evt_000000000000000000000003'), { allowPrivate: true, timeoutMs: 5_000 })).toEqual({
      ok: false,
      status: 503,
      error: null,
    });
    const closed = await sendWebhook({ url: 'http://127.0.0.1:1/hooks', secret: SECRET }, event('evt_000000000000000000000004'), {
      allowPrivate: true,
      timeoutMs: 5_000,
    });
    expect(closed).toMatchObject({ ok: false, status: null, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('refuses loopback, private and link-local addresses unless configured, by literal and by name', async () => {
    const before = received.length;
    for (const target of [url, url.replace('127.0.0.1', 'localhost'), 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/', 'http://[::1]:9/']) {
      const outcome = await sendWebhook({ url: target, secret: SECRET }, event('evt_000000000000000000000005'), { allowPrivate: false, timeoutMs: 2_000 });
      expect(outcome).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/private, loopback or link-local/) });
    }
    expect(received.length).toBe(before);
    expect(['8.8.8.8', '2606:4700::1111'].map(isPrivateAddress)).toEqual([false, false]);
    expect(
      ['127.0.0.1', '10.0.0.1', '172.20.1.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1'].every(isPrivateAddress),
    ).toBe(true);
  });
});

describe('retry policy', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000, maxAttempts: 5 };

  it('waits exponentially longer, capped, with full jitter, then parks', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, policy, () => 0.999999))).toEqual([999, 1_999, 3_999, 7_999]);
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, policy, () => 0))).toEqual([0, 0, 0, 0]);
    expect(retryDelay(4, { ...policy, maxMs: 5_000 }, () => 0.5)).toBe(2_500);
    expect(retryDelay(5, policy)).toBeNull();
  });
});
