import { describe, expect, it } from 'vitest';
import { TenantCostInFlight } from './cost-in-flight';

describe('TenantCostInFlight', () => {
  it('runs a tenant’s operations while their costs fit together; another tenant does not wait for them', async () => {
    const inFlight = new TenantCostInFlight(100);
    const a1 = await inFlight.enter('a', 60, 1_000);
    expect(a1.ok).toBe(true);
    let started = false;
    const a2 = inFlight.enter('a', 60, 1_000).then((verdict) => ((started = true), verdict));
    const b = await inFlight.enter('b', 100, 1_000);
    expect(b.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toBe(false);
    expect(inFlight.running('a')).toBe(60);
    if (a1.ok) a1.release();
    const second = await a2;
    expect(second.ok).toBe(true);
    expect(inFlight.running('a')).toBe(60);
    if (second.ok) {
      second.release();
      second.release();
    }
    expect(inFlight.running('a')).toBe(0);
  });

  it('refuses an operation whose cost does not fit before its request’s time runs out, and then lets the next one in', async () => {
    const inFlight = new TenantCostInFlight(100);
    const big = await inFlight.enter('a', 90, 1_000);
    const late = inFlight.enter('a', 50, 30);
    const small = inFlight.enter('a', 10, 5_000);
    expect(await late).toEqual({ ok: false, retryAfterSeconds: 1 });
    // In order: the small one waited behind the refused one, and fits beside the big one now.
    const next = await small;
    expect(next.ok).toBe(true);
    expect(inFlight.running('a')).toBe(100);
    if (big.ok) big.release();
    if (next.ok) next.release();
    expect(inFlight.running('a')).toBe(0);
  });

  it('lets an operation costlier than the whole capacity run, alone', async () => {
    const inFlight = new TenantCostInFlight(100);
    const huge = await inFlight.enter('a', 5_000, 1_000);
    expect(huge.ok).toBe(true);
    expect(await inFlight.enter('a', 1, 20)).toEqual({ ok: false, retryAfterSeconds: 1 });
    if (huge.ok) huge.release();
    expect((await inFlight.enter('a', 1, 20)).ok).toBe(true);
  });
});
