import { describe, expect, it } from 'vitest';
import { DomainError } from './errors/domain-error';
import { Deadline, requestDeadline, requestWork, runSliced, runToEnd, WorkLimiter, type Steps } from './work';

/** Steps that each burn `ms` of CPU, `count` times, then return `count`. */
function* burn(count: number, ms: number): Steps<number> {
  for (let i = 0; i < count; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until);
    yield;
  }
  return count;
}

const codeOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'success',
    (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
  );

describe('deadlines', () => {
  it('takes the sooner of its own limit and the gateway’s header, and ignores a malformed header', () => {
    const now = () => 1_000;
    expect(requestDeadline(4_000, undefined, now).at).toBe(5_000);
    expect(requestDeadline(4_000, '1500', now).at).toBe(2_500);
    expect(requestDeadline(4_000, '90000', now).at).toBe(5_000);
    expect(requestDeadline(4_000, '-5', now).at).toBe(5_000);
    expect(requestDeadline(4_000, ['10', '20'], now).at).toBe(5_000);
  });
});

describe('Deadline.cover', () => {
  it('refuses up front work whose writes the time left cannot cover, saying what it needs and has; passes work that fits', () => {
    const deadline = new Deadline(1_100, () => 1_000);
    expect(() => deadline.cover('Ten writes', 10, 10)).not.toThrow();
    let refused: unknown;
    try {
      deadline.cover('Eleven writes', 11, 10);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'DEADLINE_EXCEEDED', details: { neededMs: 110, leftMs: 100 } });
    expect((refused as Error).message).toBe('Eleven writes needs about 110 ms and the request has 100 ms left; nothing was written. Send fewer at once.');
    expect(() => new Deadline(0, () => 1_000).cover('One write', 1)).toThrow(DomainError);
  });
});

describe('runSliced', () => {
  it('returns what the steps return, as running them at once does', async () => {
    expect(runToEnd(burn(3, 1))).toBe(3);
    expect(await runSliced(burn(3, 1), Deadline.in(5_000))).toBe(3);
  });

  it('serves the event loop between slices: a timer fires on time while the work runs', async () => {
    const work = runSliced(burn(100, 2), Deadline.in(10_000), 8);
    const started = performance.now();
    const late = await new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - started - 20), 20));
    expect(await work).toBe(100);
    // Blocking work would delay the timer by the whole 200 ms; slices of 8 ms let it fire within a few.
    expect(late).toBeLessThan(100);
  });

  it('stops with DEADLINE_EXCEEDED at the first slice past the deadline', async () => {
    const started = performance.now();
    expect(await codeOf(runSliced(burn(1_000, 2), Deadline.in(50)))).toBe('DEADLINE_EXCEEDED');
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('WorkLimiter', () => {
  it('runs at most perTenant pieces of one tenant at once; another tenant does not wait for them', async () => {
    const limiter = new WorkLimiter({ perTenant: 2, total: 4, queuePerTenant: 10 });
    let running = 0;
    let most = 0;
    const piece = () =>
      limiter.run('a', Deadline.in(5_000), async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
      });
    const flood = Promise.all(Array.from({ length: 6 }, piece));
    const started = performance.now();
    await limiter.run('b', Deadline.in(5_000), async () => undefined);
    expect(performance.now() - started).toBeLessThan(25);
    await flood;
    expect(most).toBe(2);
  });

  it('refuses with RATE_LIMITED past the queue, and with DEADLINE_EXCEEDED a wait past the deadline', async () => {
    const limiter = new WorkLimiter({ perTenant: 1, total: 4, queuePerTenant: 1 });
    const hold = limiter.run('a', Deadline.in(5_000), () => new Promise((resolve) => setTimeout(resolve, 200)));
    const waiting = codeOf(limiter.run('a', Deadline.in(50), async () => undefined));
    const refused = codeOf(limiter.run('a', Deadline.in(5_000), async () => undefined));
    expect(await refused).toBe('RATE_LIMITED');
    expect(await waiting).toBe('DEADLINE_EXCEEDED');
    await hold;
    expect(limiter.running).toBe(0);
  });

  it('gives a freed slot to the tenant running the fewest pieces', async () => {
    const limiter = new WorkLimiter({ perTenant: 3, total: 2, queuePerTenant: 10 });
    const order: string[] = [];
    const piece = (tenant: string, ms: number) =>
      limiter.run(tenant, Deadline.in(5_000), async () => {
        order.push(tenant);
        await new Promise((resolve) => setTimeout(resolve, ms));
      });
    const all = [piece('a', 40), piece('a', 80), piece('a', 10), piece('a', 10), piece('b', 10)];
    await Promise.all(all);
    // a's first two take both slots; when one frees, b (running none) goes before a's third.
    expect(order.slice(0, 3)).toEqual(['a', 'a', 'b']);
  });
});

describe('requestWork', () => {
  it('holds one of the tenant’s slots for a task, and the steps it runs use that slot instead of waiting for another', async () => {
    const limiter = new WorkLimiter({ perTenant: 1, total: 4, queuePerTenant: 10 });
    const work = requestWork(limiter, 't1', Deadline.in(5_000));
    const result = await work.hold(async () => {
      expect(limiter.running).toBe(1);
      // With one slot per tenant, waiting for a second slot here would never end.
      const counted = await work.run(burn(3, 1));
      expect(limiter.running).toBe(1);
      return counted;
    });
    expect(result).toBe(3);
    expect(limiter.running).toBe(0);
  });

  it('gives each of a request’s side-by-side tasks (its aliases) a slot of its own', async () => {
    const limiter = new WorkLimiter({ perTenant: 1, total: 4, queuePerTenant: 10 });
    const work = requestWork(limiter, 't1', Deadline.in(5_000));
    let atOnce = 0;
    let most = 0;
    const task = () =>
      work.hold(async () => {
        most = Math.max(most, ++atOnce);
        await new Promise((resolve) => setTimeout(resolve, 20));
        atOnce -= 1;
      });
    await Promise.all([task(), task(), task()]);
    expect(most).toBe(1);
  });

  it('refuses a task whose slot does not come before the deadline with DEADLINE_EXCEEDED, without running it', async () => {
    const limiter = new WorkLimiter({ perTenant: 1, total: 4, queuePerTenant: 10 });
    const slow = requestWork(limiter, 't1', Deadline.in(5_000)).hold(() => new Promise((resolve) => setTimeout(resolve, 100)));
    let ran = false;
    const late = requestWork(limiter, 't1', Deadline.in(20)).hold(async () => {
      ran = true;
    });
    expect(await codeOf(late)).toBe('DEADLINE_EXCEEDED');
    await slow;
    expect(ran).toBe(false);
  });
});
