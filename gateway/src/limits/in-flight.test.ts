import { describe, expect, it } from 'vitest';
import { UserInFlight } from './in-flight';

describe('requests in flight per user', () => {
  it('lets a user run perUser requests at once; the next waits for a slot, another user does not', async () => {
    const inFlight = new UserInFlight({ perUser: 1, waitMs: 1_000, queuePerUser: 4 });
    const first = await inFlight.enter('t1', 'u1');
    expect(first.ok).toBe(true);
    const colleague = await inFlight.enter('t1', 'u2');
    const stranger = await inFlight.enter('t2', 'u1');
    expect([colleague.ok, stranger.ok]).toEqual([true, true]);
    let entered = false;
    const second = inFlight.enter('t1', 'u1').then((verdict) => ((entered = verdict.ok), verdict));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(entered).toBe(false);
    if (first.ok) first.release();
    expect((await second).ok).toBe(true);
  });

  it('refuses a request that waited waitMs, and one past the queue at once, with a retry time', async () => {
    const inFlight = new UserInFlight({ perUser: 1, waitMs: 50, queuePerUser: 1 });
    await inFlight.enter('t1', 'u1');
    const waiting = inFlight.enter('t1', 'u1');
    const started = performance.now();
    expect(await inFlight.enter('t1', 'u1')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(performance.now() - started).toBeLessThan(40);
    expect(await waiting).toEqual({ ok: false, retryAfterSeconds: 1 });
  });
});
