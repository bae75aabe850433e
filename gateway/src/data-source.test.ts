import { describe, expect, it } from 'vitest';
import { subgraphDeadlineMs } from './data-source';
import { UserInFlight } from './limits/in-flight';

describe('the time a subgraph is given', () => {
  it('is what is left of the request’s time, less the time to answer, and never more than the gateway’s timeout allows', () => {
    // Arrived at 0 with 5 s; fetched at once: the gateway's 10 s timeout is not what binds.
    expect(subgraphDeadlineMs(10_000, 5_000, 0)).toBe(4_800);
    // After 2 s spent waiting for the user's slot, 3 s are left.
    expect(subgraphDeadlineMs(10_000, 5_000, 2_000)).toBe(2_800);
    // A short gateway timeout binds first.
    expect(subgraphDeadlineMs(2_000, 5_000, 0)).toBe(1_000);
    // Nothing left: the subgraph still gets a moment, to answer DEADLINE_EXCEEDED rather than nothing.
    expect(subgraphDeadlineMs(10_000, 5_000, 6_000)).toBe(100);
  });

  it('a request waits for its user’s slot no longer than its own time allows', async () => {
    const inFlight = new UserInFlight({ perUser: 1, waitMs: 60_000, queuePerUser: 4 });
    const first = await inFlight.enter('t1', 'u1');
    expect(first.ok).toBe(true);
    const started = performance.now();
    const second = await inFlight.enter('t1', 'u1', 50);
    expect(second).toEqual({ ok: false, retryAfterSeconds: 60 });
    // Refused when its own 50 ms ran out, not after the 60 s the limit allows.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
